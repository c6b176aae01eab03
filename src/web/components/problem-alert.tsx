import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';

/** The server's problem+json (already in the user's language) as an alert; a network failure in ours. */
export function ProblemAlert({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const isNetwork = error instanceof ApiError && error.status === 0;
  const title = isNetwork ? t('errors.network') : problem?.title || t('errors.unexpected');
  const fieldMessages = (problem?.errors ?? []).map((e) => e.message).filter(Boolean);
  const detail = [problem?.detail && problem.detail !== title ? problem.detail : null, ...fieldMessages].filter(Boolean).join('；');
  return <Alert type="error" showIcon title={title} description={detail || undefined} data-testid={testId} role="alert" />;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 403);
}

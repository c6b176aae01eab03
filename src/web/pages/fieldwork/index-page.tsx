import { Navigate } from 'react-router';
import { useAuth } from '../../auth.js';

/** /fieldwork: stewards land on their 四清四报, everyone else on the visits. */
export default function FieldworkIndexPage() {
  const { me } = useAuth();
  return <Navigate to={me?.role === 'steward' ? '/fieldwork/steward' : '/fieldwork/visits'} replace />;
}

import { Type, type Static } from 'typebox';

export const OtpRequestBody = Type.Object({
  phone: Type.String({ minLength: 1, maxLength: 20, description: 'Mainland mobile number (11 digits; +86 and spaces are dropped)' }),
});
export type OtpRequestBody = Static<typeof OtpRequestBody>;

export const OtpRequestResult = Type.Object({
  sentTo: Type.String({ description: 'The number the code went to, masked' }),
  expiresAt: Type.String({ description: 'When the code stops working (5 minutes)' }),
  resendAfterSeconds: Type.Integer({ description: 'How long the page waits before offering another code' }),
});

export const OtpVerifyBody = Type.Object({
  phone: Type.String({ minLength: 1, maxLength: 20 }),
  code: Type.String({ minLength: 1, maxLength: 12, description: 'The six digits from the text message' }),
});
export type OtpVerifyBody = Static<typeof OtpVerifyBody>;

/** The tenant of every personal Microsoft account (outlook.com, hotmail.com, live.com). */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

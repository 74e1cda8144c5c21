/**
 * Calls in one batched tRPC request: the client splits its batches at this size and the server
 * (tRPC's maxBatchSize) refuses larger ones. A page batches a handful, so more is someone else;
 * three clients sending 100-call batches held every reader up (issue 17).
 */
export const MAX_BATCH_CALLS = 20;

export const BATCH_TOO_LARGE = `一次请求最多 ${MAX_BATCH_CALLS} 个调用 / At most ${MAX_BATCH_CALLS} calls in one request`;

export { collectPagerduty, type PagerdutyCollectorOptions, type CollectResult as PagerdutyCollectResult, type CollectProgress as PagerdutyCollectProgress } from "./pagerduty/collector.ts";
export { createPagerdutyClient, DEFAULT_API_URL as PAGERDUTY_DEFAULT_API_URL, PagerdutyApiError, type PagerdutyClient, type PagerdutyClientOptions } from "./pagerduty/client.ts";
export type { PersonIdentity as PagerdutyPersonIdentity } from "./pagerduty/mapper.ts";

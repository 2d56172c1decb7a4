import { z } from 'zod';

/**
 * An RFC 1123 host name: dot-separated labels of 1..63 letters, digits and hyphens that neither
 * start nor end with a hyphen, at most 253 characters in all. No port, no trailing dot, no IPv6
 * literal; dotted IPv4 addresses and single labels such as `localhost` match.
 */
export const HOSTNAME_PATTERN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The host of the page the event happened on, e.g. `www.consumeraffairs.com`. */
export const pageHost = z
  .string()
  .regex(HOSTNAME_PATTERN, 'must be a hostname such as www.example.com')
  .describe('Host name of the page, e.g. www.consumeraffairs.com');

/** The path of the page the event happened on; starts with `/`. */
export const pagePath = z
  .string()
  .startsWith('/', 'must start with "/"')
  .describe('Path of the page, starting with "/"');

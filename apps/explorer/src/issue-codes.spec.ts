import { ISSUE_CODES as VALIDATOR_CODES } from '@eye/validators';
import { ISSUE_CODES } from './issue-codes';

it('offers exactly the issue codes the validator reports and the API filters by', () => {
  expect([...ISSUE_CODES]).toEqual([...VALIDATOR_CODES]);
});

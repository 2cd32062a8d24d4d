'use strict';
// serverless-plugin-split-stacks' custom strategy: tables go to a stack of their own.
module.exports = {
  'AWS::DynamoDB::Table': { destination: 'Data' },
};

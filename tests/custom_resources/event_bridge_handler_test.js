'use strict';
// Runs sls's event-bridge handler (Custom::EventBridge: a rule made by API calls) against a
// recorded EventBridge and Lambda (harness.js):
//   node tests/custom_resources/event_bridge_handler_test.js
// Exits 1 on the first failed check.

const assert = require('assert');
const h = require('./harness');

const buses = new Set(['default']);
const rules = new Map();  // "<bus>/<rule>" -> {rule, targets}
const statements = new Map();
const permissionsOf = h.lambdaPermissions(statements);
h.respond((name, input) => {
  const permission = permissionsOf(name, input);
  if (permission) return permission;
  const key = `${input.EventBusName}/${input.Name || input.Rule}`;
  switch (name) {
    case 'CreateEventBusCommand':
      if (buses.has(input.Name)) throw h.awsError('ResourceAlreadyExistsException');
      buses.add(input.Name);
      return {};
    case 'DeleteEventBusCommand':
      buses.delete(input.Name);
      return {};
    case 'PutRuleCommand':
      rules.set(key, { rule: input, targets: (rules.get(key) || {}).targets || [] });
      return {};
    case 'PutTargetsCommand':
      rules.get(key).targets.push(...input.Targets);
      return {};
    case 'RemoveTargetsCommand': {
      const r = rules.get(key);
      if (!r) throw h.awsError('ResourceNotFoundException');
      r.targets = r.targets.filter((t) => !input.Ids.includes(t.Id));
      return {};
    }
    case 'DeleteRuleCommand':
      if (!rules.delete(key)) throw h.awsError('ResourceNotFoundException');
      return {};
    default:
      throw new Error(`unexpected ${name}`);
  }
});

const { handler } = h.load('event-bridge/handler.js');
const context = h.context('svc-dev-custom-resource-event-bridge');
const event = (type, properties, old) => h.event(type, 'OrdersCustomEventBridge1', properties, old);
const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-orders';
const properties = {
  FunctionName: 'svc-dev-orders',
  EventBridgeConfig: {
    RuleName: 'svc-dev-orders-rule-1',
    EventBus: 'orders-bus',
    Pattern: { source: ['shop'] },
    Input: { key: 'value' },
  },
};

h.run('event-bridge handler', async () => {
  // Create: permission for the rule on the named bus, the bus, the rule and the target.
  await handler(event('Create', properties), context);
  assert.deepStrictEqual(h.names(), [
    'AddPermissionCommand', 'CreateEventBusCommand', 'PutRuleCommand', 'RemoveTargetsCommand', 'PutTargetsCommand',
  ]);
  assert.strictEqual(h.calls[0][1].SourceArn, 'arn:aws:events:eu-west-1:123456789012:rule/orders-bus/svc-dev-orders-rule-1');
  assert.strictEqual(h.calls[0][1].StatementId, 'svc-dev-orders-svc-dev-orders-rule-1');
  assert.deepStrictEqual(h.calls[2][1], {
    Name: 'svc-dev-orders-rule-1', EventBusName: 'orders-bus', EventPattern: '{"source":["shop"]}', State: 'ENABLED',
  });
  const rule = rules.get('orders-bus/svc-dev-orders-rule-1');
  assert.deepStrictEqual(rule.targets, [{ Id: 'svc-dev-orders-rule-1-target', Arn: arn, Input: '{"key":"value"}' }]);
  assert.strictEqual(h.replies[0].body.Status, 'SUCCESS');
  assert.strictEqual(h.replies[0].body.PhysicalResourceId, 'CustomResourceEventBridge');

  // Update of the pattern and input on the same rule: one target, no new permission.
  h.reset();
  const changed = { ...properties, EventBridgeConfig: { ...properties.EventBridgeConfig, Pattern: { source: ['b'] },
    Input: undefined, InputPath: '$.detail' } };
  await handler(event('Update', changed, properties), context);
  assert.ok(!h.names().includes('AddPermissionCommand'));
  assert.deepStrictEqual(rules.get('orders-bus/svc-dev-orders-rule-1').targets,
    [{ Id: 'svc-dev-orders-rule-1-target', Arn: arn, InputPath: '$.detail' }]);

  // Delete: permission, target, rule and the named bus go; an existing bus (ARN) stays.
  h.reset();
  await handler(event('Delete', changed), context);
  assert.strictEqual(rules.size, 0);
  assert.ok(!buses.has('orders-bus'));
  assert.strictEqual(statements.size, 0);

  // A rule on an existing bus by ARN with a long name: no bus made or deleted, hashed target id.
  h.reset();
  const long = 'r'.repeat(70);
  const existing = { FunctionName: 'svc-dev-orders', EventBridgeConfig: { RuleName: long,
    EventBus: 'arn:aws:events:eu-west-1:123456789012:event-bus/shared', Schedule: 'rate(5 minutes)' } };
  buses.add('shared');
  await handler(event('Create', existing), context);
  assert.ok(!h.names().includes('CreateEventBusCommand'));
  const id = rules.get(`shared/${long}`).targets[0].Id;
  assert.strictEqual(id.length, 64);
  assert.ok(id.endsWith('-target'));
  await handler(event('Delete', existing), context);
  assert.ok(buses.has('shared'));
});

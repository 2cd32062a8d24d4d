'use strict';
// Handlers of billing-service. They use the AWS SDK v3 that the Lambda
// nodejs24.x runtime provides (no bundling needed).
const { DynamoDBClient, PutItemCommand, GetItemCommand, ScanCommand } = require('@aws-sdk/client-dynamodb');
const { randomUUID } = require('node:crypto');

const TABLE = process.env.TABLE_NAME;
const client = new DynamoDBClient({});

const log = (level, message, extra = {}) => {
  const levels = ['debug', 'info', 'warn', 'error'];
  if (levels.indexOf(level) >= levels.indexOf(process.env.LOG_LEVEL || 'info')) {
    console.log(JSON.stringify({ level, message, ...extra }));
  }
};

const reply = (statusCode, body) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

// POST /billing  {"customerId": "c-1", "amountCents": 1299, "currency": "EUR"}
exports.create = async (event) => {
  let input;
  try {
    input = JSON.parse(event.body || '{}');
  } catch {
    return reply(400, { error: 'Body must be JSON' });
  }
  const amount = Number(input.amountCents);
  if (!input.customerId || !Number.isInteger(amount) || amount < 0) {
    return reply(400, { error: 'customerId and a non-negative integer amountCents are required' });
  }
  const record = {
    id: randomUUID(),
    customerId: String(input.customerId),
    amountCents: amount,
    currency: String(input.currency || 'USD'),
    createdAt: new Date().toISOString(),
  };
  await client.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: {
        id: { S: record.id },
        customerId: { S: record.customerId },
        amountCents: { N: String(record.amountCents) },
        currency: { S: record.currency },
        createdAt: { S: record.createdAt },
      },
      ConditionExpression: 'attribute_not_exists(id)',
    })
  );
  log('info', 'billing record created', { id: record.id });
  return reply(201, record);
};

// GET /billing/{id}
exports.fetch = async (event) => {
  const id = event.pathParameters && event.pathParameters.id;
  if (!id) return reply(400, { error: 'id is required' });
  const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: id } } }));
  if (!Item) return reply(404, { error: `No billing record ${id}` });
  return reply(200, {
    id: Item.id.S,
    customerId: Item.customerId.S,
    amountCents: Number(Item.amountCents.N),
    currency: Item.currency.S,
    createdAt: Item.createdAt.S,
  });
};

// Every 5 minutes: log how many records exist and their total.
exports.report = async () => {
  let count = 0;
  let totalCents = 0;
  let ExclusiveStartKey;
  do {
    const page = await client.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey }));
    for (const item of page.Items || []) {
      count += 1;
      totalCents += Number(item.amountCents.N);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  log('info', 'billing report', { count, totalCents });
  return { count, totalCents };
};

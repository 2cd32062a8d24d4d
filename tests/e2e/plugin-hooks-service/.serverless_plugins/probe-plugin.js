'use strict';
// A local plugin for tests/e2e/plugin_hooks_e2e.py: records what it sees at deploy, info and
// remove events and calls provider.request on REST services (answered by sls against moto).
const fs = require('fs');
const path = require('path');

module.exports = class ProbePlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.provider = serverless.getProvider('aws');
    const seen = (event) => () => this.record('events', event);
    this.hooks = {
      initialize: seen('initialize'),
      finalize: seen('finalize'),
      'before:deploy:deploy': seen('before:deploy:deploy'),
      'before:aws:deploy:deploy:uploadArtifacts': async () => {
        seen('before:aws:deploy:deploy:uploadArtifacts')();
        // What serverless-plugin-split-stacks uploads its nested stacks with.
        this.record('artifactDirectoryName', this.serverless.service.package.artifactDirectoryName);
        this.record('bucket', await this.provider.getServerlessDeploymentBucketName());
      },
      'after:aws:deploy:deploy:updateStack': seen('after:aws:deploy:deploy:updateStack'),
      'after:deploy:deploy': () => this.afterDeploy(),
      'deploy:finalize': seen('deploy:finalize'),
      'after:aws:info:gatherData': seen('after:aws:info:gatherData'),
      'after:info:info': () => {
        this.record('events', 'after:info:info');
        this.serverless.addServiceOutputSection('probe', ['one line', 'two lines']);
      },
      'before:deploy:function:packageFunction': seen('before:deploy:function:packageFunction'),
      'after:deploy:function:deploy': seen('after:deploy:function:deploy'),
      'rollback:initialize': seen('rollback:initialize'),
      'after:rollback:rollback': seen('after:rollback:rollback'),
      'before:remove:remove': seen('before:remove:remove'),
      'after:remove:remove': seen('after:remove:remove'),
    };
  }

  file() { return path.join(this.serverless.serviceDir, 'probe-' + this.serverless.processedInput.commands.join('-') + '.json'); }

  record(key, value) {
    const data = fs.existsSync(this.file()) ? JSON.parse(fs.readFileSync(this.file(), 'utf8')) : {};
    if (!data[key]) data[key] = [];
    data[key].push(value);
    fs.writeFileSync(this.file(), JSON.stringify(data, null, 2));
  }

  async afterDeploy() {
    this.record('events', 'after:deploy:deploy');
    this.record('shouldNotDeploy', !!this.serverless.service.provider.shouldNotDeploy);
    if (this.serverless.service.provider.shouldNotDeploy) return;
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    this.record('templateOutputs', Object.keys(template.Outputs || {}).sort());
    const req = (service, method, params, options) => this.provider.request(service, method, params, options)
      .catch((e) => ({ error: e.message }));
    const stacks = await req('CloudFormation', 'describeStacks', { StackName: 'plugin-hooks-e2e-dev' });
    const outputs = (stacks.Stacks || [])[0] ? stacks.Stacks[0].Outputs : [];
    const bucket = (outputs.find((o) => o.OutputKey === 'ServerlessDeploymentBucketName') || {}).OutputValue;
    await req('S3', 'putObject', { Bucket: bucket, Key: 'probe/hello.txt', Body: 'hello from a plugin', ContentType: 'text/plain' });
    const got = await req('S3', 'getObject', { Bucket: bucket, Key: 'probe/hello.txt' });
    await req('S3', 'putObject', { Bucket: bucket, Key: 'probe/bytes.bin', Body: Buffer.from([0x50, 0x4b, 0xff, 0xfe]) });
    const bytes = await req('S3', 'getObject', { Bucket: bucket, Key: 'probe/bytes.bin' });
    await req('S3', 'deleteObject', { Bucket: bucket, Key: 'probe/bytes.bin' });
    const listed = await req('S3', 'listObjectsV2', { Bucket: bucket, Prefix: 'probe/' });
    await req('S3', 'deleteObjects', { Bucket: bucket, Delete: { Objects: [{ Key: 'probe/hello.txt' }] } });
    const after = await req('S3', 'listObjectsV2', { Bucket: bucket, Prefix: 'probe/' });
    const fn = await req('Lambda', 'getFunction', { FunctionName: 'plugin-hooks-e2e-dev-hello' });
    const mappings = await req('ApiGatewayV2', 'getApiMappings', { DomainName: 'api.example.com' });
    const domain = await req('ApiGatewayV2', 'getDomainName', { DomainName: 'api.example.com' });
    const zones = await req('Route53', 'listHostedZones', {});
    const west = await req('ACM', 'listCertificates', {}, { region: 'us-west-2' });
    const east = await req('ACM', 'listCertificates', {});
    const tables = await req('DynamoDB', 'listTables', {});
    const unsupported = await req('S3', 'selectObjectContent', { Bucket: bucket });
    // osls 4's way: an SDK v3 client (here the domain manager's dependency) on getAwsSdkV3Config().
    let sdkV3;
    try {
      const { CloudFormationClient, DescribeStacksCommand } = require('@aws-sdk/client-cloudformation');
      const client = new CloudFormationClient(await this.provider.getAwsSdkV3Config());
      const reply = await client.send(new DescribeStacksCommand({ StackName: 'plugin-hooks-e2e-dev' }));
      sdkV3 = reply.Stacks[0].StackName;
    } catch (e) {
      sdkV3 = 'error: ' + e.message;
    }
    this.record('requests', {
      sdkV3,
      body: got.Body, contentType: got.ContentType,
      bytes: Buffer.isBuffer(bytes.Body) ? bytes.Body.toString('hex') : String(bytes.Body || bytes.error),
      listed: (listed.Contents || []).map((o) => o.Key), after: after.KeyCount,
      functionName: fn.Configuration && fn.Configuration.FunctionName,
      mappings: (mappings.Items || []).map((m) => m.ApiMappingKey),
      domain: domain.DomainName,
      zones: (zones.HostedZones || []).map((z) => z.Name),
      unsupported: unsupported.error,
      tables: tables.TableNames || tables.error,
      westCertificates: (west.CertificateSummaryList || []).map((c) => c.DomainName),
      eastCertificates: (east.CertificateSummaryList || []).map((c) => c.DomainName),
    });
  }
};

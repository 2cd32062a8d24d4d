#include "config/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/yaml_load.h"
#include "util/error.h"

namespace sls::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Json config(const std::string& yaml) { return parse_yaml(yaml, "serverless.yml"); }

// Event types as a provider would register them; their body schemas are the
// provider's (tested with the event registry), so none is checked here.
class TestEventTypes final : public EventTypes {
 public:
  bool find(std::string_view type, EventCheck& check) const override {
    check = nullptr;
    return type == "http" || type == "schedule" || type == "sqs";
  }
};
const TestEventTypes kEvents;

std::vector<ValidationIssue> validate_service_config(const Json& c) {
  return config::validate_service_config(c, kEvents);
}
std::vector<ValidationIssue> validate_and_coerce(Json& c) { return config::validate_and_coerce(c, kEvents); }
std::vector<ValidationIssue> validate_or_throw(const Json& c, const std::string& file) {
  return config::validate_or_throw(c, file, kEvents);
}

std::vector<std::string> messages(const std::string& yaml) {
  std::vector<std::string> out;
  for (const auto& issue : validate_service_config(config(yaml))) out.push_back(format_issue(issue));
  return out;
}

const char* kBase =
    "service: svc\n"
    "provider:\n"
    "  name: aws\n"
    "  runtime: nodejs20.x\n";

TEST(Validate, MinimalConfigIsValid) {
  EXPECT_TRUE(messages(std::string(kBase) + "functions:\n  hello:\n    handler: h.main\n").empty());
}

// osls 4.3.1's default configValidationMode is "error": `timeout: abc` makes
// `osls package` print "Configuration error at 'functions.hello.timeout': must
// be integer" and exit 1. sls treats schema errors as fatal too (exit 1), since
// deploying a half-valid config is worse than stopping early.
TEST(Validate, TypeErrorsNameThePathAndTheValue) {
  auto m = messages(std::string(kBase) +
                    "functions:\n  hello:\n    handler: h.main\n    timeout: abc\n"
                    "    memorySize: 64\n    reservedConcurrency: -1\n");
  EXPECT_THAT(m, ElementsAre("functions.hello.memorySize: must be >= 128, got 64",
                             "functions.hello.timeout: must be integer, got \"abc\"",
                             "functions.hello.reservedConcurrency: must be >= 0, got -1"));
}

TEST(Validate, ValidateOrThrowListsEveryIssueAndAHint) {
  Json c = config(std::string(kBase) + "foo: 1\nfunctions:\n  hello:\n    timeout: abc\n");
  try {
    validate_or_throw(c, "serverless.yml");
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    std::string msg = e.what();
    EXPECT_THAT(msg, HasSubstr("Invalid configuration in \"serverless.yml\":\n"));
    EXPECT_THAT(msg, HasSubstr("\n  root: unrecognized property 'foo'"));
    EXPECT_THAT(msg, HasSubstr("\n  functions.hello.timeout: must be integer, got \"abc\""));
    EXPECT_THAT(msg, HasSubstr("Either \"handler\" or \"image\" property needs to be set"));
    EXPECT_THAT(msg, HasSubstr("Fix the properties listed above in serverless.yml"));
    EXPECT_EQ(e.code, "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION");
  }
}

TEST(Validate, WarnAndOffModesDoNotThrow) {
  Json c = config(std::string(kBase) + "configValidationMode: warn\nfunctions:\n  f:\n    handler: h\n"
                  "    timeout: abc\n");
  EXPECT_EQ(validate_or_throw(c, "serverless.yml").size(), 1u);
  c["configValidationMode"] = "off";
  EXPECT_TRUE(validate_or_throw(c, "serverless.yml").empty());
}

TEST(Validate, CoercesLikeAjv) {
  // osls (ajv coerceTypes: "array") accepts and rewrites these; its template
  // then has MemorySize 256, Timeout 10, "PORT": "3000", "FLAG": "true".
  Json c = config(std::string(kBase) +
                  "  environment:\n    PORT: 3000\n    FLAG: true\n    EMPTY: ''\n"
                  "    REF: !Ref X\n"
                  "functions:\n  hello:\n    handler: h.main\n    memorySize: \"256\"\n    timeout: 1e1\n"
                  "    events:\n      - schedule:\n          rate: rate(2 minutes)\n");
  EXPECT_TRUE(validate_service_config(c).empty());
  EXPECT_EQ(c["functions"]["hello"]["memorySize"], "256");  // the const version does not modify
  EXPECT_TRUE(validate_and_coerce(c).empty());
  EXPECT_EQ(c["functions"]["hello"]["memorySize"], 256);
  EXPECT_EQ(c["functions"]["hello"]["timeout"], 10);
  EXPECT_EQ(c["provider"]["environment"]["PORT"], "3000");
  EXPECT_EQ(c["provider"]["environment"]["FLAG"], "true");
}

TEST(Validate, RootRules) {
  EXPECT_THAT(messages("provider:\n  name: aws\n"),
              ElementsAre("root: must have required property 'service'"));
  EXPECT_THAT(messages("service: 1svc\nprovider:\n  name: aws\n"),
              ElementsAre(HasSubstr("service: must start with a letter")));
  EXPECT_THAT(messages("service: {name: svc}\nprovider:\n  name: aws\n"),
              ElementsAre(HasSubstr("service: Object notation for \"service\" property is not "
                                    "supported")));
  EXPECT_THAT(messages("service: svc\n"), ElementsAre("root: must have required property 'provider'"));
  // Plugins may add properties, so unknown ones are not reported then.
  EXPECT_TRUE(messages(std::string(kBase) + "plugins: [x]\nstepFunctions: {}\n").empty());
}

TEST(Validate, ProviderNameIsAwsOrAPluginsProvider) {
  // A provider other than AWS comes from a plugin (config/provider_plugins_test.cc has the rest).
  EXPECT_THAT(messages("service: svc\nprovider:\n  name: google\n  runtime: nodejs18.x\n"),
              ElementsAre(HasSubstr("provider.name: the provider \"google\" comes from the plugin "
                                    "\"serverless-google-cloudfunctions\"")));
  EXPECT_THAT(messages("service: svc\nprovider:\n  name: 3\n"),
              ElementsAre("provider.name: must be \"aws\" or the name of a provider that a plugin provides, got 3"));
}

TEST(Validate, ProviderRules) {
  auto m = messages(
      "service: svc\nprovider:\n  name: aws\n  runtime: nodejs18.x\n  bar: 2\n  memorySize: 64\n"
      "  region: mars-1\n  stage: 'dev_1'\n  logRetentionInDays: 2\n  timeout: 901\n"
      "  environment:\n    bad-key: x\n    LIST: [a, b]\n"
      "  tags:\n    aws:x: y\n    obj: {Ref: X}\n"
      "  iam:\n    role:\n      statements:\n        - Effect: Maybe\n          Action: s3:*\n");
  EXPECT_THAT(
      m, ElementsAre(
             "provider: unrecognized property 'bar'",
             HasSubstr("provider.stage: must contain only letters, digits and \"-\""),
             HasSubstr("provider.region: must be one of [us-east-1, "),
             HasSubstr("provider.runtime: must be one of [dotnet8, "),
             "provider.memorySize: must be >= 128, got 64",
             "provider.timeout: must be <= 900, got 901",
             HasSubstr("provider.logRetentionInDays: must be one of the allowed values [1, 3,"),
             HasSubstr("provider.environment: unrecognized property 'bad-key'"),
             HasSubstr("provider.environment.LIST: must be a string or a CloudFormation intrinsic"),
             HasSubstr("provider.tags: unrecognized property 'aws:x'"),
             "provider.tags.obj: must be string, got an object",
             "provider.iam.role.statements.0.Effect: must be one of [Allow, Deny], got \"Maybe\"",
             "provider.iam.role.statements.0: must have required property 'Resource' (or "
             "'NotResource')"));
}

TEST(Validate, FunctionRules) {
  auto m = messages(std::string(kBase) +
                    "functions:\n  bad name:\n    handler: x\n  img:\n    image: repo\n"
                    "  f:\n    handler: [a, b]\n    baz: 1\n    description: 7\n"
                    "    reservedConcurrency: {Ref: R}\n    maximumRetryAttempts: 3\n");
  EXPECT_THAT(m, ElementsAre(HasSubstr("functions: name 'bad name' must be alphanumeric"),
                             "functions.f: unrecognized property 'baz'",
                             "functions.f.handler: must be string, got a list",
                             "functions.f.maximumRetryAttempts: must be <= 2, got 3"));
}

TEST(Validate, NullPropertiesAreIgnoredLikeOsls) {
  EXPECT_TRUE(messages(std::string(kBase) +
                       "  timeout:\nfunctions:\n  f:\n    handler: h\n    memorySize: ~\n").empty());
}

TEST(Validate, ObjectsAreNotWrappedIntoLists) {
  // ajv only wraps scalars: osls says "at 'functions.f.events': must be array".
  EXPECT_THAT(messages(std::string(kBase) +
                       "functions:\n  f:\n    handler: h\n    events:\n      http: {path: /x, method: get}\n"),
              ElementsAre(HasSubstr("functions.f.events: must be a list (array), got an object")));
}

TEST(Validate, EventShapes) {
  auto m = messages(std::string(kBase) +
                    "functions:\n  f:\n    handler: h\n    events:\n"
                    "      - http\n"
                    "      - unknownEvent: x\n"
                    "      - http:\n        path: /x\n"
                    "      - sqs: arn:aws:sqs:us-east-1:123456789012:q\n");
  EXPECT_THAT(m, ElementsAre(HasSubstr("functions.f.events.0: unsupported function event"),
                             "functions.f.events.1: unsupported function event 'unknownEvent'",
                             HasSubstr("functions.f.events.2: an event must have exactly one type "
                                       "key, found \"http\", \"path\"")));
}

// osls 4.3.1 rejects the legacy package.include/exclude ("unrecognized
// property"); sls does too, and says how to move them into patterns.
TEST(Validate, LegacyIncludeExcludeIsRejectedWithAHint) {
  auto m = messages(std::string(kBase) +
                    "package:\n  exclude:\n    - tests/**\n  patterns:\n    - '!docs/**'\n"
                    "functions:\n  hello:\n    handler: h.main\n    package:\n      include:\n        - x\n");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_THAT(m[0], HasSubstr("package: unrecognized property 'exclude'"));
  EXPECT_THAT(m[0], HasSubstr("package.patterns"));
  EXPECT_THAT(m[1], HasSubstr("functions.hello.package: unrecognized property 'include'"));
}

// osls 4.3.1 packages `patterns: 'src/**'` (ajv wraps it into a list); items must be strings.
TEST(Validate, PackagePatternsMustBeStrings) {
  auto m = messages(std::string(kBase) + "package:\n  patterns: 'src/**'\n  individually: maybe\n");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_THAT(m[0], HasSubstr("package.individually"));
  m = messages(std::string(kBase) + "package:\n  patterns:\n    - {a: 1}\n");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_THAT(m[0], HasSubstr("package.patterns.0: must be string"));
}

// Paths are spelled out only for reported issues; nested keys and list
// indexes read as before ("a.b.0.c").
TEST(Validate, IssuePathsNameNestedKeysAndIndexes) {
  auto m = messages(std::string(kBase) +
                    "  iamRoleStatements:\n    - Effect: Maybe\n      Action: '*'\n      Resource: '*'\n"
                    "  iam:\n    role:\n      statements:\n        - Effect: Allow\n"
                    "functions:\n  hello:\n    handler: h.main\n"
                    "    layers:\n      - arn:ok\n      - nope\n"
                    "    environment:\n      GOOD: [1, 2]\n"
                    "    package:\n      include: [x]\n      foo: 1\n      patterns: ['a', {b: 1}]\n"
                    "    events:\n      - schedule:\n          rate: ['rate(1 minute)', 'rate(1 minutes)']\n");
  EXPECT_THAT(m, ElementsAre(
                     HasSubstr("provider.iamRoleStatements.0.Effect: must be one of [Allow, Deny]"),
                     HasSubstr("provider.iam.role.statements.0: must have required property 'Action'"),
                     HasSubstr("provider.iam.role.statements.0: must have required property 'Resource'"),
                     HasSubstr("functions.hello.environment.GOOD: must be a string"),
                     HasSubstr("functions.hello.layers.1: must be a layer ARN"),
                     HasSubstr("functions.hello.package: unrecognized property 'include'"),
                     "functions.hello.package: unrecognized property 'foo'",
                     "functions.hello.package.patterns.1: must be string, got an object"));
}

// Each is what osls 4.3.1 rejects (same property path and wording) or coerces.
TEST(Validate, MoreOfOslsSchema) {
  auto m = messages(std::string(kBase) +
                    "  deploymentBucket: 5\n"
                    "  kmsKeyArn: not-an-arn\n"
                    "functions:\n  f:\n    handler: h.main\n"
                    "    tracing: Always\n"
                    "    vpc:\n      securityGroupIds: [sg-1]\n"
                    "    url:\n      authorizer: cognito\n"
                    "    events:\n      - http:\n          path: /\n          method: get\n          cors: 'yes'\n");
  EXPECT_THAT(m, ElementsAre("provider.deploymentBucket: must NOT have fewer than 3 characters",
                             "provider.kmsKeyArn: unsupported string format",
                             "functions.f.tracing: must be equal to one of the allowed values [Active, PassThrough]",
                             "functions.f.vpc: unsupported configuration format",
                             "functions.f.url.authorizer: must be one of [aws_iam], got \"cognito\""));
  Json c = config(std::string(kBase) + "  deploymentBucket: My_Bucket\npackage:\n  patterns: '!x'\n"
                  "functions:\n  f:\n    handler: h.main\n    vpc: false\n    tracing: true\n"
                  "    destinations:\n      onSuccess: 5\n");
  auto issues = validate_and_coerce(c);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(format_issue(issues[0]).substr(0, 50), "provider.deploymentBucket: must match pattern \"(?!");
  EXPECT_EQ(c["package"]["patterns"], Json::array({"!x"}));  // ajv wraps a single pattern
  EXPECT_EQ(c["functions"]["f"]["destinations"]["onSuccess"], "5");
}

// What `osls print` shows for the same statements: ajv wraps a single Action
// into a list and unwraps a one-element Resource list when a string branch of
// the schema accepts the element (an ARN, a logical id, "execute-api:/...").
// osls's awsResourceDependsOn is a list of strings; ajv (coerceTypes "array") makes one name a list.
TEST(Validate, ResourceDependsOnNameBecomesAList) {
  Json c = config(std::string(kBase) +
                  "resources:\n  Resources:\n    T:\n      Type: AWS::SNS::Topic\n      DependsOn: Q\n"
                  "    U:\n      Type: AWS::SNS::Topic\n      DependsOn: {Ref: Q}\n"
                  "  extensions:\n    FLogGroup:\n      DependsOn: Q\n");
  auto issues = validate_and_coerce(c);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(format_issue(issues[0]),
            "resources.Resources.U.DependsOn: must be a list (array), got an object (start each item with \"- \")");
  EXPECT_EQ(c["resources"]["Resources"]["T"]["DependsOn"], Json::array({"Q"}));
  EXPECT_EQ(c["resources"]["extensions"]["FLogGroup"]["DependsOn"], Json::array({"Q"}));
}

TEST(Validate, PolicyResourcesAreUnwrappedLikeAjv) {
  Json c = config(std::string(kBase) +
                  "  iam:\n    role:\n      statements:\n"
                  "        - {Effect: Allow, Action: s3:Get, Resource: ['arn:aws:s3:::b/*']}\n"
                  "        - {Effect: Allow, Action: [s3:Put], Resource: ['*']}\n"
                  "        - {Effect: Allow, Action: sns:*, Resource: [MyTopic]}\n"
                  "        - {Effect: Allow, Action: sqs:*, Resource: [{Ref: Q}]}\n"
                  "  apiGateway:\n    resourcePolicy:\n"
                  "      - {Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: ['execute-api:/*/*/*']}\n"
                  "      - {Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: [MyTopic]}\n");
  ASSERT_TRUE(validate_and_coerce(c).empty());
  const Json& st = c["provider"]["iam"]["role"]["statements"];
  EXPECT_EQ(st[0]["Action"], Json::array({"s3:Get"}));
  EXPECT_EQ(st[0]["Resource"], "arn:aws:s3:::b/*");
  EXPECT_EQ(st[1]["Resource"], Json::array({"*"}));
  EXPECT_EQ(st[2]["Resource"], "MyTopic");
  EXPECT_TRUE(st[3]["Resource"].is_array());
  const Json& rp = c["provider"]["apiGateway"]["resourcePolicy"];
  EXPECT_EQ(rp[0]["Resource"], "execute-api:/*/*/*");
  EXPECT_EQ(rp[1]["Resource"], Json::array({"MyTopic"}));  // no logical-id branch there
}

TEST(Validate, HttpScheduleIamAndApiGatewayLikeOsls) {
  auto m = messages(std::string(kBase) +
                    "  iam:\n    role:\n      name: 'has spaces'\n      statements:\n"
                    "        - Effect: Allow\n          Action: s3:*\n          NotAction: s3:Get*\n          Resource: '*'\n"
                    "  apiGateway:\n    foo: 1\n    usagePlan:\n      quota:\n        limit: lots\n"
                    "params:\n  dev: x\n"
                    "functions:\n  f:\n    handler: h.main\n    events:\n"
                    "      - http:\n          path: /\n          method: get\n          integration: soap\n"
                    "          authorizer:\n            name: f\n            type: weird\n"
                    "          request:\n            parameters:\n              querystrings:\n                a: 'yes'\n"
                    "      - schedule:\n          rate: rate(5 minutes)\n          name: " + std::string(65, 'n') + "\n");
  EXPECT_THAT(m, ElementsAre(
      "params.dev: must be an object (a mapping of keys to values), got \"x\"",
      "provider.apiGateway: unrecognized property 'foo'",
      "provider.apiGateway.usagePlan.quota.limit: must be integer, got \"lots\"",
      "provider.iam.role.name: must match pattern \"^[A-Za-z0-9/_+=,.@-]{1,64}$\", got \"has spaces\"",
      "provider.iam.role.statements.0: unsupported configuration format"));
}

// provider.logs.restApi as osls 4.3.1 checks it (messages as osls prints them).
TEST(Validate, RestApiLogsLikeOsls) {
  EXPECT_THAT(messages(std::string(kBase) +
                       "  logs:\n    frameworkLambda: x\n    restApi:\n      level: DEBUG\n"
                       "      role: my-role\n      fullExecutionData: 'yes'\n      foo: 1\n"),
              ElementsAre("provider.logs.frameworkLambda: must be boolean (true or false), got \"x\"",
                          "provider.logs.restApi: unrecognized property 'foo'",
                          "provider.logs.restApi.fullExecutionData: must be boolean (true or false), got \"yes\"",
                          "provider.logs.restApi.level: must be one of [INFO, ERROR], got \"DEBUG\"",
                          "provider.logs.restApi.role: unsupported string format"));
  EXPECT_THAT(messages(std::string(kBase) + "  logs:\n    restApi: 'yes'\n"),
              ElementsAre("provider.logs.restApi: unsupported configuration format"));
  for (const char* ok : {"true", "'false'", "1", "{role: !GetAtt [Role, Arn], roleManagedExternally: true}",
                         "{role: 'arn:aws:iam::1:role/r', format: x, accessLogging: false}"})
    EXPECT_THAT(messages(std::string(kBase) + "  logs:\n    restApi: " + ok + "\n"), ElementsAre()) << ok;
  Json c = config(std::string(kBase) + "  logs:\n    restApi: 'false'\n");  // coerced as ajv does
  validate_and_coerce(c);
  EXPECT_EQ(c["provider"]["logs"]["restApi"], false);
}

TEST(Validate, RestApiResourcesLikeOsls) {
  EXPECT_THAT(messages(std::string(kBase) +
                       "  apiGateway:\n    restApiId: 5\n    restApiRootResourceId: r\n"
                       "    restApiResources:\n      - path: /a\n        resourceId: {Ref: X}\n"
                       "      - path: /b\n        id: y\n"),
              ElementsAre("provider.apiGateway.restApiResources.0.resourceId: must be string, got an object",
                          "provider.apiGateway.restApiResources.1: unrecognized property 'id'"));
  EXPECT_THAT(messages(std::string(kBase) + "  apiGateway:\n    restApiResources: abc\n"),
              ElementsAre("provider.apiGateway.restApiResources.0: must be an object (a mapping of keys to values), got \"abc\""));
  EXPECT_THAT(messages(std::string(kBase) + "  apiGateway:\n    restApiResources:\n      /a: id1\n"), ElementsAre());
  Json c = config(std::string(kBase) + "  apiGateway:\n    restApiId: 5\n");
  validate_and_coerce(c);
  EXPECT_EQ(c["provider"]["apiGateway"]["restApiId"], "5");
}

}  // namespace
}  // namespace sls::config

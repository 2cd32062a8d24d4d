// Change-set rendering over a DescribeChangeSet reply in the shape AWS sends
// (moto's carries no Details, Replacement or PhysicalResourceId: those paths
// are covered only here).
#include "aws/ops/change_set.h"

#include <gtest/gtest.h>

namespace sls::aws::ops {
namespace {

const char* kReply = R"(<DescribeChangeSetResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
<DescribeChangeSetResult>
  <ChangeSetName>sls-diff-1</ChangeSetName>
  <Status>CREATE_COMPLETE</Status>
  <Changes>
    <member><Type>Resource</Type><ResourceChange>
      <Action>Add</Action><LogicalResourceId>NewLambdaFunction</LogicalResourceId>
      <ResourceType>AWS::Lambda::Function</ResourceType><Scope/><Details/>
    </ResourceChange></member>
    <member><Type>Resource</Type><ResourceChange>
      <Action>Modify</Action><LogicalResourceId>HelloLambdaFunction</LogicalResourceId>
      <PhysicalResourceId>svc-dev-hello</PhysicalResourceId>
      <ResourceType>AWS::Lambda::Function</ResourceType><Replacement>False</Replacement>
      <Scope><member>Properties</member></Scope>
      <Details>
        <member><Target><Attribute>Properties</Attribute><Name>Environment</Name>
          <Path>/Properties/Environment/Variables/STAGE</Path><RequiresRecreation>Never</RequiresRecreation>
          <AttributeChangeType>Modify</AttributeChangeType><BeforeValue>secret-a</BeforeValue><AfterValue>secret-b</AfterValue>
        </Target><Evaluation>Static</Evaluation><ChangeSource>DirectModification</ChangeSource></member>
        <member><Target><Attribute>Properties</Attribute><Name>Environment</Name>
          <Path>/Properties/Environment/Variables/STAGE</Path><RequiresRecreation>Never</RequiresRecreation>
        </Target><Evaluation>Dynamic</Evaluation><ChangeSource>ResourceReference</ChangeSource></member>
        <member><Target><Attribute>Tags</Attribute><RequiresRecreation>Never</RequiresRecreation></Target>
          <ChangeSource>DirectModification</ChangeSource></member>
      </Details>
    </ResourceChange></member>
    <member><Type>Resource</Type><ResourceChange>
      <Action>Modify</Action><LogicalResourceId>Table</LogicalResourceId><PhysicalResourceId>t1</PhysicalResourceId>
      <ResourceType>AWS::DynamoDB::Table</ResourceType><Replacement>True</Replacement>
      <Details>
        <member><Target><Attribute>Properties</Attribute><Name>TableName</Name><Path>/Properties/TableName</Path>
          <RequiresRecreation>Always</RequiresRecreation></Target><ChangeSource>DirectModification</ChangeSource></member>
      </Details>
    </ResourceChange></member>
    <member><Type>Resource</Type><ResourceChange>
      <Action>Modify</Action><LogicalResourceId>Queue</LogicalResourceId><PhysicalResourceId>q1</PhysicalResourceId>
      <ResourceType>AWS::SQS::Queue</ResourceType><Replacement>Conditional</Replacement>
      <Details>
        <member><Target><Attribute>Properties</Attribute><Name>FifoQueue</Name>
          <RequiresRecreation>Conditionally</RequiresRecreation></Target></member>
      </Details>
    </ResourceChange></member>
    <member><Type>Resource</Type><ResourceChange>
      <Action>Remove</Action><LogicalResourceId>OldLambdaFunction</LogicalResourceId>
      <PhysicalResourceId>svc-dev-old</PhysicalResourceId><ResourceType>AWS::Lambda::Function</ResourceType>
      <PolicyAction>Retain</PolicyAction>
    </ResourceChange></member>
  </Changes>
  <NextToken>page2</NextToken>
</DescribeChangeSetResult></DescribeChangeSetResponse>)";

std::vector<ResourceChange> parsed() {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(kReply));
  return parse_changes(doc.child("DescribeChangeSetResponse").child("DescribeChangeSetResult"));
}

Style plain = [](const std::string& s) { return s; };

TEST(ChangeSet, PropertyPaths) {
  EXPECT_EQ(property_path("Properties", "Environment", "/Properties/Environment/Variables/STAGE"),
            "Environment.Variables.STAGE");
  EXPECT_EQ(property_path("Properties", "Code", "/Properties/Code/S3Key"), "Code.S3Key");
  EXPECT_EQ(property_path("Properties", "Layers", "/Properties/Layers/0"), "Layers.0");
  EXPECT_EQ(property_path("Properties", "Timeout", ""), "Timeout");
  EXPECT_EQ(property_path("Tags", "", ""), "Tags");
  EXPECT_EQ(property_path("Metadata", "", "/Metadata"), "Metadata");
}

TEST(ChangeSet, ParsesChangesAndMergesDuplicateDetails) {
  auto changes = parsed();
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].action, "Add");
  EXPECT_TRUE(changes[0].properties.empty());
  const auto& hello = changes[1];
  EXPECT_EQ(hello.physical_id, "svc-dev-hello");
  EXPECT_EQ(hello.replacement, "False");
  ASSERT_EQ(hello.properties.size(), 2u);  // the same path from two details is one line
  EXPECT_EQ(hello.properties[0].path, "Environment.Variables.STAGE");
  EXPECT_EQ(hello.properties[0].change_source, "DirectModification");
  EXPECT_EQ(hello.properties[1].path, "Tags");
  EXPECT_EQ(changes[2].replacement, "True");
  EXPECT_EQ(changes[2].properties[0].requires_recreation, "Always");
  EXPECT_EQ(changes[3].replacement, "Conditional");
  EXPECT_EQ(changes[3].properties[0].path, "FifoQueue");
  EXPECT_EQ(changes[4].action, "Remove");
}

TEST(ChangeSet, RendersGroupsWithReplacementAndNoValues) {
  DiffReport report{"svc-dev", true, parsed()};
  report.changes[1].code_hash = "abc=";
  EXPECT_EQ(render_diff(report, plain),
            "Stack svc-dev: 1 to add, 3 to change, 1 to remove (2 replaced or possibly replaced)\n"
            "\n"
            "Added (1)\n"
            "  + NewLambdaFunction (AWS::Lambda::Function)\n"
            "Modified (3)\n"
            "  ~ HelloLambdaFunction (AWS::Lambda::Function)\n"
            "      Environment.Variables.STAGE\n"
            "      Tags\n"
            "      code sha256 abc=\n"
            "  ~ Table (AWS::DynamoDB::Table) replaced\n"
            "      TableName (requires replacement)\n"
            "  ~ Queue (AWS::SQS::Queue) may be replaced\n"
            "      FifoQueue (may require replacement)\n"
            "Removed (1)\n"
            "  - OldLambdaFunction (AWS::Lambda::Function) (retained: DeletionPolicy Retain)\n");
}

TEST(ChangeSet, JsonForCi) {
  DiffReport report{"svc-dev", true, parsed()};
  Json j = diff_json(report);
  EXPECT_EQ(j["hasChanges"], true);
  EXPECT_EQ(j["summary"], Json({{"add", 1}, {"modify", 3}, {"remove", 1}, {"replace", 2}}));
  EXPECT_EQ(j["added"][0], Json({{"logicalId", "NewLambdaFunction"}, {"type", "AWS::Lambda::Function"}}));
  EXPECT_EQ(j["modified"][1]["replacement"], "True");
  EXPECT_EQ(j["modified"][1]["properties"][0],
            Json({{"path", "TableName"}, {"requiresRecreation", "Always"}, {"changeSource", "DirectModification"}}));
  EXPECT_EQ(j["removed"][0]["physicalId"], "svc-dev-old");
  EXPECT_EQ(j["removed"][0]["retained"], true);
  EXPECT_EQ(j.dump().find("secret"), std::string::npos);  // Before/AfterValue never shown
}

TEST(ChangeSet, NoChanges) {
  DiffReport report{"svc-dev", true, {}};
  EXPECT_EQ(render_diff(report, plain), "No changes: stack svc-dev is up to date with the service.\n");
  EXPECT_EQ(diff_json(report)["hasChanges"], false);
}

TEST(ChangeSet, TemplatePropertyPathsForDetaillessChangeSets) {
  Json before = Json::parse(R"({"Type":"AWS::Lambda::Function","Properties":{"Timeout":6,
    "Environment":{"Variables":{"A":"1","B":"2"}},"Layers":["x","y"],"Old":1},"DependsOn":["R"]})");
  Json after = Json::parse(R"({"Type":"AWS::Lambda::Function","Properties":{"Timeout":10,
    "Environment":{"Variables":{"A":"1","B":"3","C":"4"}},"Layers":["x","z"]},"DependsOn":["R","S"]})");
  EXPECT_EQ(changed_property_paths(before, after),
            (std::vector<std::string>{"Timeout", "Environment.Variables.B", "Environment.Variables.C", "Layers.1",
                                      "Old", "DependsOn"}));
  EXPECT_TRUE(changed_property_paths(after, after).empty());
}

}  // namespace
}  // namespace sls::aws::ops

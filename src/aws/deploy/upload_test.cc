// What `sls deploy` uploads, in osls's order: template, state, artifacts, then
// custom-resources.zip when the package has one (osls's uploadCustomResources).
#include "aws/deploy/upload.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace sls::aws::deploy {

TEST(Upload, PlanEndsWithTheCustomResourcesZip) {
  auto dir = std::filesystem::temp_directory_path() / ("sls-upload-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string artdir = "serverless/svc/dev/1700000000000-2023-11-14T22:13:20.000Z";
  std::ofstream(dir / "serverless-state.json")
      << R"({"service":{"service":"svc","functions":{"hello":{"name":"svc-dev-hello","package":{}}}},)"
      << R"("package":{"artifactDirectoryName":")" << artdir << R"(","artifact":"svc.zip"}})";
  std::ofstream(dir / "cloudformation-template-update-stack.json") << R"({"Resources":{}})";
  std::ofstream(dir / "svc.zip") << "PK-fake";
  Package package = read_package(dir);
  EXPECT_EQ(upload_plan(package).size(), 3u);
  std::ofstream(dir / "custom-resources.zip") << "PK-custom";
  std::vector<UploadItem> plan = upload_plan(package);
  ASSERT_EQ(plan.size(), 4u);
  EXPECT_EQ(plan[2].key, artdir + "/svc.zip");
  EXPECT_EQ(plan[3].key, artdir + "/custom-resources.zip");
  EXPECT_EQ(plan[3].content_type, "application/zip");
  EXPECT_EQ(plan[3].file, dir / "custom-resources.zip");
  std::filesystem::remove_all(dir);
}

}  // namespace sls::aws::deploy

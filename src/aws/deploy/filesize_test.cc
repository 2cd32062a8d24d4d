#include "aws/deploy/filesize.h"

#include <gtest/gtest.h>

namespace sls::aws::deploy {

TEST(FileSize, MatchesOsls) {
  // Values printed by osls 4.3.1's lib/utils/filesize.js.
  EXPECT_EQ(file_size_text(0), "0 B");
  EXPECT_EQ(file_size_text(999), "999 B");
  EXPECT_EQ(file_size_text(1000), "1 kB");
  EXPECT_EQ(file_size_text(1658), "1.7 kB");
  EXPECT_EQ(file_size_text(9000), "9 kB");
  EXPECT_EQ(file_size_text(12345), "12 kB");
  EXPECT_EQ(file_size_text(1234567), "1.2 MB");
  EXPECT_EQ(file_size_text(98765432), "99 MB");
}

}  // namespace sls::aws::deploy

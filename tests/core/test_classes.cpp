#include "cellcam/classes.h"
#include "cellcam/error.h"

#include <gtest/gtest.h>

namespace cellcam {
namespace {

TEST(Classes, NamesFollowTheKaggleOrder) {
  EXPECT_EQ(className(0), "Nucleoplasm");
  EXPECT_EQ(className(11), "Mitotic spindle");
  EXPECT_EQ(className(kNegativeClass), "Negative");
  EXPECT_THROW(className(19), Error);
  EXPECT_THROW(className(-1), Error);
}

TEST(Classes, ParseLabelListSortsAndDeduplicates) {
  std::string problem;
  auto labels = parseLabelList(" 16|0 |16|5", &problem);
  ASSERT_TRUE(labels.has_value()) << problem;
  EXPECT_EQ(*labels, (std::vector<int>{0, 5, 16}));
  EXPECT_EQ(formatLabelList(*labels), "0|5|16");
}

TEST(Classes, ParseLabelListRejectsBadTokens) {
  for (const char* bad : {"19", "-1", "abc", "1||2", "", "3.5", "1|", "0x1"}) {
    std::string problem;
    EXPECT_FALSE(parseLabelList(bad, &problem).has_value()) << bad;
    EXPECT_FALSE(problem.empty()) << bad;
  }
}

}  // namespace
}  // namespace cellcam

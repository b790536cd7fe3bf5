#include <gtest/gtest.h>
TEST(Q, Placeholder) {}

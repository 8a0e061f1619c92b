#include <gtest/gtest.h>

#include <string>

#include "common/base64.hpp"

namespace pg_resty {
namespace {

// The flavours' own tests are beside their users (jwt_test.cpp: base64url and secrets;
// hooks_test.cpp: ngx's). These cover the shared decoder and encoder.

TEST(Base64, EveryLengthRoundTripsInEachAlphabet) {
    std::string bytes;
    for (int i = 0; i < 40; ++i) {
        for (const Base64Alphabet alphabet : {Base64Alphabet::Standard, Base64Alphabet::Url}) {
            for (const bool padded : {false, true}) {
                const std::string text = base64_encode(bytes, alphabet, padded);
                EXPECT_EQ(text.size() % 4 == 0, padded || bytes.size() % 3 == 0) << text;
                EXPECT_EQ(base64_decode(text, {alphabet, "=", true}), bytes) << text;
                EXPECT_EQ(base64_decode(text, {Base64Alphabet::Either, "=", true}), bytes);
            }
        }
        bytes.push_back(static_cast<char>(0xF9 - i * 7));
    }
}

TEST(Base64, AlphabetsAreKeptApart) {
    EXPECT_EQ(base64_encode("\xfb\xff", Base64Alphabet::Standard, true), "+/8=");
    EXPECT_EQ(base64_encode("\xfb\xff", Base64Alphabet::Url, false), "-_8");
    EXPECT_EQ(base64_decode("+/8", {Base64Alphabet::Url, "", true}), std::nullopt);
    EXPECT_EQ(base64_decode("-_8", {Base64Alphabet::Standard, "", true}), std::nullopt);
    EXPECT_EQ(base64_decode("-/8", {Base64Alphabet::Either, "", true}), std::string("\xfb\xff"));
}

TEST(Base64, IgnoredTailAndCanonicalBits) {
    EXPECT_EQ(base64_decode("Zg==", {Base64Alphabet::Standard, "", true}), std::nullopt);
    EXPECT_EQ(base64_decode("Zg==", {Base64Alphabet::Standard, "=", true}), std::string("f"));
    EXPECT_EQ(base64_decode("Zg==\n", {Base64Alphabet::Standard, "=", true}), std::nullopt);
    EXPECT_EQ(base64_decode("Zh", {Base64Alphabet::Standard, "", true}), std::nullopt);
    EXPECT_EQ(base64_decode("Zh", {Base64Alphabet::Standard, "", false}), std::string("f"));
    EXPECT_EQ(base64_decode("Z", {Base64Alphabet::Standard, "", false}), std::nullopt);
    EXPECT_EQ(base64_decode("", {Base64Alphabet::Standard, "", true}), std::string());
    EXPECT_EQ(base64_decode("====", {Base64Alphabet::Standard, "=", true}), std::string());
}

TEST(Base64, NginxFlavourIsLenientAboutTrailingBits) {
    EXPECT_EQ(decode_base64("aGVsbG9="), std::string("hello"));
    EXPECT_EQ(base64url_decode("aGVsbG9"), std::nullopt);  // strict: '9' leaves bits set
    EXPECT_EQ(encode_base64("\xfb\xff"), "+/8=");
}

}  // namespace
}  // namespace pg_resty

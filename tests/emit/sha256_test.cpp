#include <doctest/doctest.h>

#include "emit/sha256.hpp"

using autogen::emit::Sha256;
using autogen::emit::sha256_hex;

TEST_CASE("emit::sha256 standard test vectors") {
    // FIPS 180-4 / NIST CSRC examples.
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                     "mnopqrstnopqrstu") ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(sha256_hex("The quick brown fox jumps over the lazy dog") ==
          "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}

TEST_CASE("emit::sha256 incremental updates equal one update, across block boundaries") {
    const std::string text(200, 'x');
    for (std::size_t split : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 119u, 128u, 200u}) {
        Sha256 hasher;
        hasher.update(std::string_view(text).substr(0, split));
        hasher.update(std::string_view(text).substr(split));
        const auto digest = hasher.digest();
        std::string hex;
        for (auto b : digest) hex += "0123456789abcdef"[b >> 4], hex += "0123456789abcdef"[b & 0xf];
        CHECK(hex == sha256_hex(text));
    }
    for (std::size_t n : {55u, 56u, 57u, 63u, 64u, 65u}) {
        const std::string input(n, 'q');
        const std::string expected = [&] {
            std::string cmd = "printf '%s' '" + input + "' | sha256sum";
            FILE* p = popen(cmd.c_str(), "r");
            char buf[65] = {};
            if (p) {
                if (fread(buf, 1, 64, p) != 64) buf[0] = 0;
                pclose(p);
            }
            return std::string(buf);
        }();
        CAPTURE(n);
        CHECK(sha256_hex(input) == expected);
    }
}

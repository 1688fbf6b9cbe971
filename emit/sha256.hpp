// SHA-256 (FIPS 180-4), for the Schema-Before/After hashes of revision files.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace autogen::emit {

/// An incremental SHA-256 hasher: update() any number of times, then digest() once.
class Sha256 {
public:
    Sha256();
    /// Feeds bytes into the hash.
    void update(std::string_view bytes);
    /// Finishes the hash and returns the 32-byte digest; the hasher must not be used afterwards.
    std::array<std::uint8_t, 32> digest();

private:
    void compress(const std::uint8_t* block);
    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;  // bytes fed so far
};

/// The SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace autogen::emit

// Writing a file so that readers see either the old file or the complete new one, never a part:
// the text goes to a temporary file beside the target, which is renamed over it once written.
#pragma once
#include <filesystem>
#include <string_view>

namespace slotrush {

// Throws std::runtime_error naming the target and the system's reason when it cannot be written;
// the target is then unchanged and the temporary file removed.
void replace_file_atomically(const std::filesystem::path& target, std::string_view contents);

}  // namespace slotrush

// The rule of renamed_from hints (MODEL.md), shared by the comparer and by whatever must predict its renames.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

namespace autogen::core {

/// Applies the target's renamed_from hints: target j renames current i when i holds the hint's old name and the
/// new name is free. MODEL.md: a hint applies when the old name exists and the new one does not; a new name held
/// by a current object that another applied hint renames away counts as free, so that renames in a chain
/// (a -> b while b -> c, or SQLite's `note` -> `数据` while `select` -> `NOTE`) all keep their data. A swap
/// (a -> b while b -> a) frees neither name and stays a pair of alters. Returns, per target object, the current
/// object it renames. `new_key(j)` / `old_key(j)` give target j's name and hint as keys of `current_by_key`.
/// (Generic over the key type: a name key, or a schema-qualified one.)
template <class Key, class NewKey, class OldKey>
std::vector<std::optional<std::size_t>> apply_rename_hints(std::size_t current_count, std::size_t target_count,
                                                           const std::map<Key, std::size_t>& current_by_key,
                                                           NewKey new_key, OldKey old_key) {
    std::vector<std::optional<std::size_t>> renames(target_count);
    std::vector<bool> renamed_away(current_count, false);
    for (bool progress = true; progress;) {
        progress = false;
        for (std::size_t j = 0; j < target_count; ++j) {
            if (renames[j]) continue;
            const std::optional<Key> old_name = old_key(j);
            const std::optional<Key> new_name = new_key(j);
            if (!old_name || !new_name) continue;
            const auto old_holder = current_by_key.find(*old_name);
            if (old_holder == current_by_key.end() || renamed_away[old_holder->second]) continue;
            const auto new_holder = current_by_key.find(*new_name);
            if (new_holder != current_by_key.end() && !renamed_away[new_holder->second]) continue;
            renamed_away[old_holder->second] = true;
            renames[j] = old_holder->second;
            progress = true;
        }
    }
    return renames;
}

}  // namespace autogen::core

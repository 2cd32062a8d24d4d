// The object type behind sls::Json: keys keep their insertion order (as in
// nlohmann::ordered_map, so templates print in the order they were built), and
// objects with more than a handful of keys also carry a hash index, so a lookup
// in a 700-resource template is one probe instead of a scan of every key.
//
// The index is maintained by every mutating member (never built lazily), so
// const lookups write nothing and may run on several threads at once.
//
// Unlike nlohmann::ordered_map, elements are pair<Key, T> with a mutable key:
// pair<const Key, T> cannot be moved without copying its key, so its move is not
// noexcept and every growth of the vector deep-copied each value in the object.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sls {

// basic_json passes an allocator of pair<const Key, T>; it is not used.
template <class Key, class T, class IgnoredLess = std::less<Key>, class IgnoredAllocator = void>
struct IndexedOrderedMap : std::vector<std::pair<Key, T>> {
  using key_type = Key;
  using mapped_type = T;
  using Allocator = std::allocator<std::pair<Key, T>>;
  using Container = std::vector<std::pair<Key, T>>;
  using iterator = typename Container::iterator;
  using const_iterator = typename Container::const_iterator;
  using size_type = typename Container::size_type;
  using value_type = typename Container::value_type;
  using key_compare = std::equal_to<>;

  IndexedOrderedMap() noexcept(noexcept(Container())) : Container{} {}
  explicit IndexedOrderedMap(const Allocator& alloc) : Container{alloc} {}
  template <class It>
  IndexedOrderedMap(It first, It last, const Allocator& alloc = Allocator()) : Container{first, last, alloc} {
    rebuild_index();
  }
  IndexedOrderedMap(std::initializer_list<value_type> init, const Allocator& alloc = Allocator())
      : Container{init, alloc} {
    rebuild_index();
  }

  template <class K, class V>
  std::pair<iterator, bool> emplace(K&& key, V&& value) {
    size_type at = position(std::string_view(key));
    if (at != npos) return {this->begin() + static_cast<std::ptrdiff_t>(at), false};
    Container::emplace_back(std::forward<K>(key), std::forward<V>(value));
    index_last();
    return {std::prev(this->end()), true};
  }

  template <class K>
  T& operator[](K&& key) {
    return emplace(std::forward<K>(key), T{}).first->second;
  }
  template <class K>
  const T& operator[](K&& key) const {
    return at(std::forward<K>(key));
  }

  T& at(std::string_view key) {
    size_type i = position(key);
    if (i == npos) throw std::out_of_range("key not found");
    return Container::operator[](i).second;
  }
  const T& at(std::string_view key) const {
    size_type i = position(key);
    if (i == npos) throw std::out_of_range("key not found");
    return Container::operator[](i).second;
  }

  iterator find(std::string_view key) {
    size_type i = position(key);
    return i == npos ? this->end() : this->begin() + static_cast<std::ptrdiff_t>(i);
  }
  const_iterator find(std::string_view key) const {
    size_type i = position(key);
    return i == npos ? this->end() : this->begin() + static_cast<std::ptrdiff_t>(i);
  }
  size_type count(std::string_view key) const { return position(key) == npos ? 0 : 1; }

  size_type erase(std::string_view key) {
    auto it = find(key);
    if (it == this->end()) return 0;
    erase(it);
    return 1;
  }
  iterator erase(iterator pos) { return erase(pos, std::next(pos)); }
  iterator erase(iterator first, iterator last) {
    if (first == last) return first;
    auto next = Container::erase(first, last);
    const auto offset = std::distance(this->begin(), next);
    rebuild_index();
    return this->begin() + offset;
  }

  std::pair<iterator, bool> insert(value_type&& value) { return emplace(value.first, std::move(value.second)); }
  std::pair<iterator, bool> insert(const value_type& value) { return emplace(value.first, value.second); }
  template <class InputIt>
  void insert(InputIt first, InputIt last) {
    for (; first != last; ++first) insert(*first);
  }

  // Appends without looking for the key (the caller knows it is new).
  template <class... Args>
  value_type& emplace_back(Args&&... args) {
    Container::emplace_back(std::forward<Args>(args)...);
    index_last();
    return this->back();
  }
  void push_back(value_type&& value) { emplace_back(std::move(value)); }
  void push_back(const value_type& value) { emplace_back(value); }

  // Reorders the members: `order` lists every current position once.
  void permute(const std::vector<size_type>& order) {
    Container reordered;
    reordered.reserve(this->size());
    for (size_type i : order) reordered.push_back(std::move(Container::operator[](i)));
    Container::operator=(std::move(reordered));
    rebuild_index();
  }

  void clear() noexcept {
    Container::clear();
    slots_.clear();
  }

 private:
  static constexpr size_type npos = static_cast<size_type>(-1);
  // Up to this many keys a scan is as fast as hashing.
  static constexpr size_type kIndexAbove = 8;

  static size_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

  size_type position(std::string_view key) const {
    if (slots_.empty()) {
      for (size_type i = 0; i < this->size(); ++i)
        if (std::string_view(Container::operator[](i).first) == key) return i;
      return npos;
    }
    const size_t mask = slots_.size() - 1;
    for (size_t s = hash(key) & mask;; s = (s + 1) & mask) {
      const uint32_t slot = slots_[s];
      if (slot == 0) return npos;
      if (std::string_view(Container::operator[](slot - 1).first) == key) return slot - 1;
    }
  }

  void place(size_type i) {
    const size_t mask = slots_.size() - 1;
    size_t s = hash(Container::operator[](i).first) & mask;
    while (slots_[s] != 0) s = (s + 1) & mask;
    slots_[s] = static_cast<uint32_t>(i + 1);
  }

  // Indexes the element just appended, growing the table at half load.
  void index_last() {
    if (this->size() <= kIndexAbove) return;
    if (slots_.empty() || this->size() * 2 > slots_.size()) {
      rebuild_index();
      return;
    }
    place(this->size() - 1);
  }

  void rebuild_index() {
    slots_.clear();
    if (this->size() <= kIndexAbove) return;
    size_t capacity = 32;
    while (capacity < this->size() * 4) capacity *= 2;
    slots_.assign(capacity, 0);
    for (size_type i = 0; i < this->size(); ++i) place(i);
  }

  std::vector<uint32_t> slots_;  // 0: empty, else position + 1
};

static_assert(std::is_nothrow_move_constructible_v<std::pair<std::string, std::string>>,
              "growing an object must move its members, not copy them");

}  // namespace sls

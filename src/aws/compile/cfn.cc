#include "aws/compile/cfn.h"

#include <utility>

namespace sls::compile::cfn {
namespace {

Json single(const char* key, Json value) {
  Json out(Json::value_t::object);
  out.get_ref<Json::object_t&>().emplace(key, std::move(value));
  return out;
}

}  // namespace

Json ref(std::string logical_id) { return single("Ref", Json(std::move(logical_id))); }

Json get_att(std::string logical_id, std::string attribute) {
  Json::array_t pair;
  pair.reserve(2);
  pair.emplace_back(std::move(logical_id));
  pair.emplace_back(std::move(attribute));
  return single("Fn::GetAtt", Json(std::move(pair)));
}

Json join(std::string delimiter, Json::array_t parts) {
  Json::array_t args;
  args.reserve(2);
  args.emplace_back(std::move(delimiter));
  args.emplace_back(std::move(parts));
  return single("Fn::Join", Json(std::move(args)));
}

Json sub(std::string text) { return single("Fn::Sub", Json(std::move(text))); }

Json resource(std::string type, Json properties) {
  Json out(Json::value_t::object);
  auto& members = out.get_ref<Json::object_t&>();
  members.emplace("Type", Json(std::move(type)));
  members.emplace("Properties", std::move(properties));
  return out;
}

}  // namespace sls::compile::cfn

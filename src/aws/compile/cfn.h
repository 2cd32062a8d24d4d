// Builders for the small CloudFormation fragments every compile step emits
// ({"Ref": ...}, {"Fn::GetAtt": [...]}, ...). Each member is constructed in
// place and moved, where nlohmann's nested initializer lists build a temporary
// Json per member and per level; compile steps call these once per resource.
#pragma once
#include <string>

#include "util/json.h"

namespace sls::compile::cfn {

Json ref(std::string logical_id);                              // {"Ref": logical_id}
Json get_att(std::string logical_id, std::string attribute);   // {"Fn::GetAtt": [logical_id, attribute]}
Json join(std::string delimiter, Json::array_t parts);         // {"Fn::Join": [delimiter, parts]}
Json sub(std::string text);                                    // {"Fn::Sub": text}
// {"Type": type, "Properties": properties}
Json resource(std::string type, Json properties);

}  // namespace sls::compile::cfn

// Whether a text is a schedule expression osls accepts: the pattern
//   ^rate\((?:1 (?:minute|hour|day)|(?:1\d+|[2-9]\d*) (?:minute|hour|day)s)\)$|
//   ^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$
// checked by hand (compiling it as a std::regex costs more than compiling the
// rest of a 100-function template).
#pragma once
#include <string_view>

namespace sls::compile::events {

bool is_schedule_expression(std::string_view text);

}  // namespace sls::compile::events

#include <cstdio>

int main(int, char**) {
  std::puts("sls: under construction");
  return 0;
}

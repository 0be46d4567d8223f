# Compiler flags of the fuzz build (-DANJU_FUZZ=ON), included by the top
# CMakeLists.txt before any target: every library the fuzz targets link is
# instrumented for coverage (fuzzer-no-link) and checked by AddressSanitizer
# and UndefinedBehaviorSanitizer; the targets themselves link libFuzzer
# (tests/fuzz/CMakeLists.txt). clang with libstdc++, Debian's default, so
# that the gcc-built protobuf, gRPC and Abseil link.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ANJU_FUZZ needs clang: "
                      "CC=clang CXX=clang++ cmake -DANJU_FUZZ=ON (scripts/fuzz)")
endif()
# -O1 and line tables only: fast to build (CI builds this from scratch),
# fast enough to run, symbolized stacks. No NDEBUG: asserts stay on.
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Fuzz)
endif()
set(CMAKE_C_FLAGS_FUZZ "-O1 -gline-tables-only")
set(CMAKE_CXX_FLAGS_FUZZ "-O1 -gline-tables-only")
# A report of either sanitizer stops the run, so libFuzzer keeps the input.
set(ANJU_SANITIZE -fsanitize=address,undefined -fno-sanitize-recover=all
                  -fno-omit-frame-pointer)
add_compile_options(-fsanitize=fuzzer-no-link ${ANJU_SANITIZE})
add_link_options(${ANJU_SANITIZE})

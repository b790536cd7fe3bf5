# storyline_add_test(NAME SOURCES a_test.cc ... LIBS lib ...)
# One GoogleTest executable per stage, registered with CTest test by test.
function(storyline_add_test name)
  if(NOT STORYLINE_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    STORYLINE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    STORYLINE_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 900)
endfunction()
include(GoogleTest)

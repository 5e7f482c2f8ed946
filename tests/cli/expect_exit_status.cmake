# Runs ${SLOTRUSH} with the ;-separated ${ARGS} and fails unless it exits with ${EXPECTED} and
# prints something on stderr (a bad input must say what is wrong).
execute_process(COMMAND ${SLOTRUSH} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL EXPECTED)
  message(FATAL_ERROR "expected exit status ${EXPECTED}, got ${rc}\nstdout: ${out}\nstderr: ${err}")
endif()
if(err STREQUAL "")
  message(FATAL_ERROR "exit status ${rc} but nothing on stderr")
endif()

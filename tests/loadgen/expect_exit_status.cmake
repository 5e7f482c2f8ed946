# Runs ${SLOTRUSH} with the ;-separated ${ARGS} and fails unless it exits with ${EXPECTED}; a
# non-zero status must come with a message on stderr (what is wrong, or which threshold failed).
execute_process(COMMAND ${SLOTRUSH} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 60)
if(NOT rc EQUAL EXPECTED)
  message(FATAL_ERROR "expected exit status ${EXPECTED}, got ${rc}\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT EXPECTED EQUAL 0 AND err STREQUAL "")
  message(FATAL_ERROR "exit status ${rc} but nothing on stderr")
endif()
# Optional: ${STDERR_MATCH}, a regular expression stderr must match (e.g. "metrics on port [0-9]+").
if(DEFINED STDERR_MATCH AND NOT err MATCHES "${STDERR_MATCH}")
  message(FATAL_ERROR "stderr does not match '${STDERR_MATCH}'\nstderr: ${err}")
endif()

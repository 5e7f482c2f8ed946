# Runs `slotrush mmc` twice with one seed and once with another: the first two outputs must be
# byte-identical (reproducibility), the third must differ (the seed is really used).
foreach(run a b)
  execute_process(COMMAND ${SLOTRUSH} mmc --arrival-rate 4 --service-rate 1 --servers 5
                          --customers 20000 --replications 4 --seed 7
                  OUTPUT_VARIABLE out_${run} RESULT_VARIABLE rc_${run})
  if(NOT rc_${run} EQUAL 0)
    message(FATAL_ERROR "slotrush mmc exited with ${rc_${run}}")
  endif()
endforeach()
execute_process(COMMAND ${SLOTRUSH} mmc --arrival-rate 4 --service-rate 1 --servers 5
                        --customers 20000 --replications 4 --seed 8
                OUTPUT_VARIABLE out_c)
if(NOT out_a STREQUAL out_b)
  message(FATAL_ERROR "same seed, different output:\n${out_a}\n---\n${out_b}")
endif()
if(out_a STREQUAL out_c)
  message(FATAL_ERROR "different seeds gave identical output")
endif()

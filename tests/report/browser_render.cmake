# The report drawn by a real browser: simulates two small policies (launch-small*.yaml) with
# `slotrush compare`, adds a copy of the first marked "measured" (a stand-in until `slotrush load`
# writes one) so the side-by-side columns are drawn too, and a twin made of the two, writes
# report.html, and renders it in
# headless Chromium: --dump-dom must show every planned chart drawn and no page error, and
# the screenshot must not be blank. Skipped (SLOTRUSH_SKIP, tests/skip.hpp) only when chromium is absent.
#   cmake -DSLOTRUSH=... -DPNG_INK=... -DSOURCE_DIR=... -DWORK_DIR=... -P browser_render.cmake
find_program(CHROMIUM NAMES chromium chromium-browser)
if(NOT CHROMIUM)
  message("SLOTRUSH_SKIP: chromium not found; the browser test of slotrush report cannot run "
          "(scripts/install-deps.sh installs Debian's chromium)")
  return()
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 50)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

run(${SLOTRUSH} compare ${SOURCE_DIR}/tests/report/launch-small.yaml
    ${SOURCE_DIR}/tests/report/launch-small-waiting-room.yaml -r 3 --threads 2 --quiet --out ${WORK_DIR})
file(READ "${WORK_DIR}/launch-small.json" simulated)
string(REPLACE "\"kind\": \"simulated\"" "\"kind\": \"measured\"" measured "${simulated}")
file(WRITE "${WORK_DIR}/launch-small-measured.json" "${measured}")
# A twin of the same two files (docs/twin.md layout) over their series' span, so the page draws its
# agreement table and the predicted-vs-measured overlays too.
file(MAKE_DIRECTORY "${WORK_DIR}/twin/sim" "${WORK_DIR}/twin/live")
file(WRITE "${WORK_DIR}/twin/sim/results.json" "${simulated}")
file(WRITE "${WORK_DIR}/twin/live/results.json" "${measured}")
string(JSON rows LENGTH "${simulated}" series rows)
math(EXPR last_row "${rows} - 1")
string(JSON window_start GET "${simulated}" series rows 0 0)
string(JSON window_end GET "${simulated}" series rows ${last_row} 0)
file(WRITE "${WORK_DIR}/twin/twin.json" "{\"schema\": \"slotrush.twin/1\",
 \"scenario\": {\"name\": \"launch-small\", \"file\": \"launch-small.yaml\", \"seed\": 1},
 \"population_scale\": 1, \"time_scale\": 1, \"window_s\": [${window_start}, ${window_end}],
 \"replications\": 3, \"tolerance\": 0.1, \"series_interval_s\": 1, \"prediction_confidence\": 0.99,
 \"simulated\": \"sim/results.json\", \"measured\": \"live/results.json\", \"agrees\": true,
 \"kpis\": [{\"kpi\": \"goodput\", \"unit\": \"1/s\", \"simulated_mean\": 10, \"prediction_interval\": [8, 12],
   \"measured\": 10.5, \"relative_difference\": 0.05, \"compared\": true, \"agrees\": true,
   \"verdict\": \"inside the prediction interval\"}],
 \"series\": [{\"column\": \"goodput\", \"correlation\": 1, \"intervals\": 3}],
 \"clock\": {\"kept_up\": true, \"lag_p99_s\": 0, \"max_lag_s\": 0}}")
run(${SLOTRUSH} report ${WORK_DIR}/launch-small.json ${WORK_DIR}/launch-small-waiting-room.json
    ${WORK_DIR}/launch-small-measured.json ${WORK_DIR}/twin -o ${WORK_DIR}/report.html)

# One browser run gives both the DOM after the page's script and the screenshot; its console goes
# to stderr (--enable-logging), where an uncaught error would show even if the page missed it.
set(browser ${CHROMIUM} --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
    --hide-scrollbars --user-data-dir=${WORK_DIR}/chromium-profile --enable-logging=stderr --v=0)
execute_process(COMMAND ${browser} --window-size=1400,3000 --screenshot=${WORK_DIR}/report.png
                        --dump-dom file://${WORK_DIR}/report.html
                RESULT_VARIABLE rc OUTPUT_VARIABLE run_output ERROR_VARIABLE console TIMEOUT 50)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chromium failed (${rc}):\n${console}")
endif()
string(REGEX MATCH "CONSOLE[^\n]*(Uncaught|Error)[^\n]*" console_error "${console}")
if(console_error)
  message(FATAL_ERROR "the browser's console shows an error: ${console_error}")
endif()
string(REGEX MATCH "<body[^>]*>" body "${run_output}")
if(NOT body MATCHES "data-report-ready=\"1\"")
  message(FATAL_ERROR "the page script did not finish: ${body}")
endif()
string(REGEX MATCH "data-charts-expected=\"([0-9]+)\"" _ "${body}")
set(expected "${CMAKE_MATCH_1}")
string(REGEX MATCH "data-charts-drawn=\"([0-9]+)\"" _ "${body}")
set(drawn "${CMAKE_MATCH_1}")
string(REGEX MATCH "data-report-errors=\"([0-9]+)\"" _ "${body}")
set(errors "${CMAKE_MATCH_1}")
string(REGEX MATCH "<ul id=\"report-errors\">.*</ul>" error_list "${run_output}")
# 3 files and a twin's 2 halves: the comparison, 5 rows of 5 time series, booking probability and days
# waited for each of the 5 group dimensions, and the twin's 10 overlays: 46 charts; at least 40 must be
# planned (the twin's among them), and all of them drawn.
if(NOT errors EQUAL 0)
  message(FATAL_ERROR "${errors} error(s) on the page: ${error_list}")
endif()
if(expected LESS 40 OR NOT drawn EQUAL expected)
  message(FATAL_ERROR "charts drawn ${drawn} of ${expected} planned (at least 40 expected): ${body}")
endif()
if(NOT run_output MATCHES "Verdict: every compared KPI agrees")
  message(FATAL_ERROR "the twin's verdict is not on the page")
endif()

# At least 10% of the pixels drawn on, in at least 50 colours (a blank page has 1).
execute_process(COMMAND ${PNG_INK} ${WORK_DIR}/report.png 0.10 50 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the screenshot looks blank or unreadable (${rc}): ${out}${err}")
endif()
message(STATUS "report drawn: ${drawn} charts, no page errors; ${out}")

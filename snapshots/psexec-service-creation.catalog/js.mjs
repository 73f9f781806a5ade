// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"5399.5499","title":"PSexec Service Creation","target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":19},"message":"data source macro:get_endpoint_data is not checked: the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":20,"end":48},"message":"data source macro:get_endpoint_data_winevent is not checked: the events given to run() are the data source"}]});
const $aliases = [];
const $aliasIndex = aliasIndex($aliases);
/** A field of an input event as its row would have it; its raw text. */
function $evf(e, name) {
  return eventField(e, name, $aliasIndex, $aliases);
}
function $evt(e) {
  return eventRaw(e, $aliasIndex, $aliases);
}
function $evf1(e, name) {
  return eventFlat(e, name);
}
const $raw0 = rawSearch("indexed", ["EventCode=7045"], false);
const $raw1 = rawSearch("phrase", ["\u003cEventID\u003e7045\u003c"], false);
const $re2 = searchRegex("4|disabled", "u");
const $re3 = searchRegex("[\\t-\\r ]+|[/\\\\_]", "u");
const $re4 = searchRegex("([0-9A-Z_a-z]{4}|execsvc)(?=\\n?$)", "u");
const $re5 = searchRegex("\\\\[^\\n]{8}\\.exe(?=\\n?$)", "u");
// the search filter
function $filter6(e, c) {
  return (valRegex(readField(e, "Service_Name"), $re4) && valRegex(readField(e, "Service_File_Name"), $re5) && !valRegex(readField(e, "Service_Start_Type"), $re2) && !valRegex(readField(e, "Service_Name"), $re3) && ($raw0(rawText(e)) || $raw1(rawText(e))));
}
// the search filter on input events
function $filter7(e, c) {
  return (valRegex($evf1(e, "Service_Name"), $re4) && valRegex($evf1(e, "Service_File_Name"), $re5) && !valRegex($evf1(e, "Service_Start_Type"), $re2) && !valRegex($evf1(e, "Service_Name"), $re3) && ($raw0($evt(e)) || $raw1($evt(e))));
}
const $q8 = {
  selects: () => true,
  filter: $filter6,
  event: { selects: () => true, filter: $filter7 },
  keep: ["_time","Service_File_Name","host","user","signature_id","dest_host","process_id","process_name","process_path","process","parent_process_id","parent_process_name","parent_process_path","event_id","src"],
  stages: [
    // stage 6: "eval service_name=Service_File_Name"
    stageEval([["service_name", (e, c) => (readField(e, "Service_File_Name") ?? null)]]),
    // stage 7: "table _time, host, user signature_id, user, dest_host, process_id, process_name, process_path, proce…"
    stageFields("table", ["_time","host","user","signature_id","user","dest_host","process_id","process_name","process_path","process","parent_process_id","parent_process_name","parent_process_path","event_id","src","service_name"]),
    // stage 8: "bin span=1s"
    stageBin({"field":"_time","as":"_time","seconds":1}),
    // stage 9: "stats values(*) as * by _time, host"
    stageStats({ variant: "stats", aggs: [{ fn: "values", field: "*", as: "*" }], by: ["_time","host"] }),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q8, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q8, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q8, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q8, options, $aliases);
}

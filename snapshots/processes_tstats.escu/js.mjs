// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"6a1d2f9e-8b7c-4e21-a0d3-5c4b3a291f07","title":"Suspicious Service Control From Scripting Host","target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":110,"end":128},"message":"data source datamodel:Endpoint.Processes is not checked: the events given to run() are the data source"}]});
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
const $m0 = pattern(["sc.exe"], false);
const $in1 = [pattern(["wscript.exe"], false), pattern(["cscript.exe"], false), pattern(["mshta.exe"], false)];
const $re2 = searchRegex("[\\t-\\r ](create|config)[\\t-\\r ]", "iu");
// the search filter
function $filter3(e, c) {
  return (valEq(readField(e, "Processes.process_name"), $m0) && valIn(readField(e, "Processes.parent_process_name"), $in1) && valRegex(readField(e, "Processes.process"), $re2));
}
// the search filter on input events
function $filter4(e, c) {
  return (valEq($evf(e, "Processes.process_name"), $m0) && valIn($evf(e, "Processes.parent_process_name"), $in1) && valRegex($evf(e, "Processes.process"), $re2));
}
const $q5 = {
  selects: () => true,
  filter: $filter3,
  event: { selects: () => true, filter: $filter4 },
  stages: [
    // stage 1: "tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from da…"
    stageStats({ variant: "tstats", aggs: [{ fn: "count", as: "count" }, { fn: "min", field: "_time", as: "firstTime" }, { fn: "max", field: "_time", as: "lastTime" }], by: ["Processes.dest","Processes.user","Processes.process","Processes.process_name"], fillBy: "null" }),
    // stage 2: "`drop_dm_object_name(Processes)`"
    stageRename([["Processes.*","*"]]),
    // stage 4: "`security_content_ctime(firstTime)`"
    stageConvert("%Y-%m-%dT%H:%M:%S", [["ctime","firstTime","firstTime"]]),
    // stage 5: "`security_content_ctime(lastTime)`"
    stageConvert("%Y-%m-%dT%H:%M:%S", [["ctime","lastTime","lastTime"]]),
  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q5, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q5, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q5, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q5, options, $aliases);
}

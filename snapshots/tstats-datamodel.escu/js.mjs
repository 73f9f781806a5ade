// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"8b2e61c4-0f3a-4d7e-b5a9-1c6d2e8f0a37","title":"Service Control From Unusual Parents By Host","target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":157,"end":175},"message":"data source datamodel:Endpoint.Processes is not checked: the events given to run() are the data source"}]});
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
const $m1 = pattern([0," create ",0], false);
const $m2 = pattern([0," config ",0], false);
// the search filter
function $filter3(e, c) {
  return (valEq(readField(e, "Processes.process_name"), $m0) && (valEq(readField(e, "Processes.process"), $m1) || valEq(readField(e, "Processes.process"), $m2)));
}
// the search filter on input events
function $filter4(e, c) {
  return (valEq($evf(e, "Processes.process_name"), $m0) && (valEq($evf(e, "Processes.process"), $m1) || valEq($evf(e, "Processes.process"), $m2)));
}
const $o5 = order("ge", "2", true, true);
const $m6 = pattern(["mshta.exe"], true);
// filter stage
function $filter7(e, c) {
  return (valEq(readField(e, "parents"), $m6) || valOrder(readField(e, "commands"), $o5));
}
const $q8 = {
  selects: () => true,
  filter: $filter3,
  event: { selects: () => true, filter: $filter4 },
  stages: [
    // stage 1: "tstats summariesonly=false count dc(Processes.process) as commands values(Processes.parent_process_n…"
    stageStats({ variant: "tstats", aggs: [{ fn: "count", as: "count" }, { fn: "dc", field: "Processes.process", as: "commands" }, { fn: "values", field: "Processes.parent_process_name", as: "parents" }, { fn: "min", field: "_time", as: "firstTime" }], by: ["Processes.dest","Processes.user"] }),
    // stage 2: "`drop_dm_object_name(Processes)`"
    stageRename([["Processes.*","*"]]),
    // stage 3: "where commands \u003e= 2 OR parents=\"mshta.exe\""
    stageFilter($filter7),
    // stage 4: "`security_content_ctime(firstTime)`"
    stageConvert("%Y-%m-%dT%H:%M:%S", [["ctime","firstTime","firstTime"]]),
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

// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
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
const $m0 = pattern(["7045"], false);
// the search filter
function $filter1(e, c) {
  return valEq(readField(e, "EventCode"), $m0);
}
// the search filter on input events
function $filter2(e, c) {
  return valEq($evf1(e, "EventCode"), $m0);
}
const $o3 = order("ge", "4", true, true);
// filter stage
function $filter4(e, c) {
  return valOrder(readField(e, "host_installs"), $o3);
}
const $q5 = {
  selects: () => true,
  filter: $filter1,
  event: { selects: () => true, filter: $filter2 },
  stages: [
    // stage 2: "eventstats count as host_installs by host"
    stageStats({ variant: "eventstats", aggs: [{ fn: "count", as: "host_installs" }], by: ["host"] }),
    // stage 3: "where host_installs \u003e= 4"
    stageFilter($filter4),
    // stage 4: "dedup Service_Name"
    stageDedup({"fields":["Service_Name"],"count":1,"keepempty":false,"consecutive":false,"keepevents":false,"sortBy":[]}),
    // stage 5: "sort - host_installs, Service_Name"
    stageSort([["host_installs",true,"auto"],["Service_Name",false,"auto"]], 10000),
    // stage 6: "head 12"
    stageHead(12),
    // stage 7: "table host Service_Name host_installs"
    stageFields("table", ["host","Service_Name","host_installs"]),
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

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
const $m1 = pattern(["kernel mode driver"], false);
// the search filter
function $filter2(e, c) {
  return (valEq(readField(e, "EventCode"), $m0) && valEq(readField(e, "Service_Type"), $m1));
}
// the search filter on input events
function $filter3(e, c) {
  return (valEq($evf1(e, "EventCode"), $m0) && valEq($evf1(e, "Service_Type"), $m1));
}
const $re4 = new RegExp("\\\\(?\u003cdriver_dir\u003edrivers|desktop)[/\\\\]", "iug");
const $q5 = {
  selects: () => true,
  filter: $filter2,
  event: { selects: () => true, filter: $filter3 },
  stages: [
    // stage 2: "rex field=Service_File_Name \"(?i)\\\\\\\\(?\u003cdriver_dir\u003edrivers|desktop)[\\\\\\\\/]\""
    stageRex("Service_File_Name", $re4, ["driver_dir"], 1),
    // stage 3: "fillnull value=\"other\" driver_dir"
    stageFillnull("other", ["driver_dir"]),
    // stage 4: "convert timeformat=\"%Y-%m-%d %H:%M:%S\" ctime(_time) AS installed"
    stageConvert("%Y-%m-%d %H:%M:%S", [["ctime","_time","installed"]]),
    // stage 5: "table installed host Service_Name driver_dir"
    stageFields("table", ["installed","host","Service_Name","driver_dir"]),
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

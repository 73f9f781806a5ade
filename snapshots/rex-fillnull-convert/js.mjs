// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["7045"], false);
const $m1 = pattern(["kernel mode driver"], false);
// the search filter
function $filter2(e, c) {
  return (leafEq(e, "EventCode", $m0) && leafEq(e, "Service_Type", $m1));
}
const $re3 = new RegExp("\\\\(?\u003cdriver_dir\u003edrivers|desktop)[/\\\\]", "iug");
const $q4 = {
  selects: () => true,
  filter: $filter2,
  stages: [
    // stage 2: "rex field=Service_File_Name \"(?i)\\\\\\\\(?\u003cdriver_dir\u003edrivers|desktop)[\\\\\\\\/]\""
    stageRex("Service_File_Name", $re3, ["driver_dir"], 1),
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
  return selectsOne($q4, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q4, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q4, events, options, $aliases);
}

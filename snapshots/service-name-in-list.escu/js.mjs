// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":"3f1c9a52-7d0e-4b8a-9e61-5a2c0d7e4b11","title":"Known Service Names Installed","target":"js","profile":"splunk","fidelity":"exact","notes":[]});
const $aliases = [];
const $m0 = pattern(["7045"], false);
const $in1 = [pattern(["PSEXESVC"], false), pattern(["mimikatz driver (mimidrv)"], false), pattern(["Microsoft Office",0], false), pattern(["bad-task"], false), pattern([0,"(gupdate)"], false)];
// the search filter
function $filter2(e, c) {
  return (leafEq(e, "EventCode", $m0) && leafIn(e, "Service_Name", $in1));
}
const $q3 = {
  selects: () => true,
  filter: $filter2,
  stages: [

  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q3, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q3, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q3, events, options, $aliases);
}

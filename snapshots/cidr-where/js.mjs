// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":13},"message":"data source index:network: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":14,"end":37},"message":"data source sourcetype:fw:traffic: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"}]});
const $aliases = [];
const $m0 = pattern(["network"], false);
const $m1 = pattern(["fw:traffic"], false);
const $m2 = pattern(["allowed"], false);
const $cidr3 = parseCidr("10.20.0.0/16");
const $cidr4 = parseCidr("10.20.1.0/24");
// the search filter
function $filter5(e, c) {
  return (leafEq(e, "action", $m2) && leafCidr(e, "dest_ip", $cidr3) && leafExists(e, "src_ip") && !leafCidr(e, "src_ip", $cidr4));
}
const $q6 = {
  selects: (e) => (!leafExists(e, "index") || leafEq(e, "index", $m0)) && (!leafExists(e, "sourcetype") || leafEq(e, "sourcetype", $m1)),
  filter: $filter5,
  stages: [

  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q6, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q6, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q6, events, options, $aliases);
}

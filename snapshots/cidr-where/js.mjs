// ═════════════ rule ═════════════
export const meta = Object.freeze({"id":null,"title":null,"target":"js","profile":"splunk","fidelity":"exact","notes":[{"level":"info","stage":0,"span":{"start":0,"end":13},"message":"data source index:network: checked only on events that have a 'index' field; the events given to run() are the data source"},{"level":"info","stage":0,"span":{"start":14,"end":37},"message":"data source sourcetype:fw:traffic: checked only on events that have a 'sourcetype' field; the events given to run() are the data source"}]});
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
const $m0 = pattern(["network"], false);
const $m1 = pattern(["fw:traffic"], false);
const $m2 = pattern(["allowed"], false);
const $cidr3 = parseCidr("10.20.0.0/16");
const $cidr4 = parseCidr("10.20.1.0/24");
// the search filter
function $filter5(e, c) {
  return ((readField(e, "src_ip") !== undefined) && valEq(readField(e, "action"), $m2) && valCidr(readField(e, "dest_ip"), $cidr3) && !valCidr(readField(e, "src_ip"), $cidr4));
}
// the search filter on input events
function $filter6(e, c) {
  return (($evf1(e, "src_ip") !== undefined) && valEq($evf1(e, "action"), $m2) && valCidr($evf1(e, "dest_ip"), $cidr3) && !valCidr($evf1(e, "src_ip"), $cidr4));
}
const $q7 = {
  selects: (e) => valSelect(readField(e, "index"), $m0) && valSelect(readField(e, "sourcetype"), $m1),
  filter: $filter5,
  event: { selects: (e) => valSelect($evf1(e, "index"), $m0) && valSelect($evf1(e, "sourcetype"), $m1), filter: $filter6 },
  stages: [

  ],
};

/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */
export function selects(event) {
  return selectsOne($q7, event, $aliases);
}

/** Whether an event matches the rule's search filter (the first search and every filter merged into it). */
export function filter(event, options) {
  return filterOne($q7, event, options, $aliases);
}

/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */
export function run(events, options) {
  return runMain($q7, events, options, $aliases);
}

/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */
export function runner(options) {
  return startRun($q7, options, $aliases);
}

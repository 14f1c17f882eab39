// The live listener (pages/_ui/live_events.py): one EventSource per mounted listener, kept on
// its (stable) root across reruns. Streamlit calls this function again whenever `data` changes
// (every new revision), and the cleanup it returns only when the listener leaves the page.
const live = new WeakMap();
export default function ({ data, parentElement, setTriggerValue }) {
  let state = live.get(parentElement);
  if (!state) {
    state = { shown: -1, asked: -1 };
    live.set(parentElement, state);
  }
  if (state.url !== data.url) {
    state.shown = -1; // another gathering (the facilitator chose one): start afresh
    state.asked = -1;
  }
  state.trigger = setTriggerValue;
  state.shown = Math.max(state.shown, data.revision);
  state.settleMs = data.settle_ms || 0;
  const behind = (revision) => revision > state.shown && revision > state.asked;
  const heard = (revision) => {
    if (!behind(revision)) return;
    // A page with a form waits a moment first: the change may be its own save, whose run is
    // already on its way with this revision. Asking for a rerun before that run arrives would
    // send the form's fields as they were before it (the saved text would come back).
    clearTimeout(state.settle);
    state.settle = setTimeout(() => {
      if (behind(revision)) {
        state.asked = revision;
        state.trigger("changed", revision);
      }
    }, state.settleMs);
  };
  const open = () => {
    const source = new EventSource(data.url);
    source.onmessage = (event) => heard(Number(event.data));
    source.onerror = () => {
      // The browser retries by itself, unless the answer was not a stream (e.g. a restarting
      // proxy's error page): then open a new one shortly.
      if (source.readyState === EventSource.CLOSED && state.source === source) {
        state.retry = setTimeout(open, 5000);
      }
    };
    state.source = source;
    state.url = data.url;
  };
  if (!state.source || state.url !== data.url) {
    state.source?.close();
    open();
  }
  return () => {
    clearTimeout(state.retry);
    state.source?.close();
    live.delete(parentElement);
  };
}

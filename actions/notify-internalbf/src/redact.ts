// Nothing the step says carries a URL's user-info: the inputs refuse such a URL, and what comes
// from elsewhere (a redirect's location, internalbf's or the system's error text) is redacted here,
// at the one edge where every message, output and summary leaves the step.
import { redactUserinfo } from "../../../worker/protocol/index";
import type { Runner } from "./runner";

/** The runner, with `user:pass@` of any URL in a message, output or summary replaced by `***@`. */
export function redacting(runner: Runner): Runner {
  return {
    getInput: runner.getInput,
    setSecret: runner.setSecret,
    setOutput: (name, value) => runner.setOutput(name, redactUserinfo(value)),
    info: (message) => runner.info(redactUserinfo(message)),
    warning: (message) => runner.warning(redactUserinfo(message)),
    setFailed: (message) => runner.setFailed(redactUserinfo(message)),
    writeSummary: (markdown) => runner.writeSummary(redactUserinfo(markdown)),
  };
}

import type { Pipeline } from "./Pipeline";

/** The Pipeline Durable Object of a repository: one per repository, named by it. */
export function pipelineOf(env: Env, repository: string): DurableObjectStub<Pipeline> {
  return env.PIPELINE.getByName(repository);
}

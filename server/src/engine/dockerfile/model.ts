import type { Dockerfile, Instruction, JSONInstruction } from 'dockerfile-ast';
import { shared, type RuleContext } from '../rule';
import { parseInstructionShell, type ShellCommand, type ShellScript } from './shell';
import { buildStages, stageAtLine, type Stage } from './stages';
import { expandVariables, type Expansion } from './variables';

/**
 * Everything Dockerfile rules share about one document, computed once per analysis: stages, the shell
 * commands of every RUN/CMD/ENTRYPOINT, and variable expansion.
 */
export class DockerfileModel {
  readonly stages: Stage[];
  private scripts: Map<Instruction, ShellScript | undefined> | undefined;
  private runCommandList: ShellCommand[] | undefined;
  private runScriptList: ShellScript[] | undefined;
  private shellInstructions: Map<Stage, Instruction[]> | undefined;

  constructor(
    readonly dockerfile: Dockerfile,
    private readonly context: Pick<RuleContext, 'source'>,
  ) {
    this.stages = buildStages(dockerfile);
  }

  get finalStage(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  stageOf(instruction: Instruction): Stage | undefined {
    return stageAtLine(this.stages, instruction.getRange().start.line);
  }

  /** Expands ARG/ENV references visible at the instruction's line. */
  expand(text: string, at: Instruction): Expansion {
    return expandVariables(this.dockerfile, text, at.getRange().start.line);
  }

  /** The parsed shell of a RUN/CMD/ENTRYPOINT, or undefined for other instructions and non-POSIX shells. */
  shellOf(instruction: Instruction): ShellScript | undefined {
    this.scripts ??= new Map();
    if (!this.scripts.has(instruction)) {
      let script: ShellScript | undefined;
      try {
        script = parseInstructionShell(instruction, this.context.source, this.shellAt(instruction), this.dockerfile.getEscapeCharacter());
      } catch {
        // A body the shell grammar cannot parse in time yields no commands rather than failing every rule.
        script = undefined;
      }
      this.scripts.set(instruction, script);
    }
    return this.scripts.get(instruction);
  }

  /** Shell commands of every RUN instruction (build time), in document order. */
  runCommands(): ShellCommand[] {
    this.runCommandList ??= this.runScripts().flatMap((script) => script.commands);
    return this.runCommandList;
  }

  /** The parsed shell of every RUN (and ONBUILD RUN), in document order. */
  runScripts(): ShellScript[] {
    if (!this.runScriptList) {
      // ONBUILD RUN triggers run in every image built FROM this one, so they are build steps too.
      const runs = [...this.dockerfile.getInstructions(), ...this.dockerfile.getOnbuildTriggers()]
        .filter((i) => i.getKeyword() === 'RUN')
        .sort((a, b) => a.getRange().start.line - b.getRange().start.line);
      this.runScriptList = runs.map((i) => this.shellOf(i)).filter((s): s is ShellScript => s !== undefined);
    }
    return this.runScriptList;
  }

  /** The SHELL in effect for an instruction (`SHELL ["pwsh", "-c"]` switches parsing off). */
  private shellAt(instruction: Instruction): string[] | undefined {
    const stage = this.stageOf(instruction);
    if (!stage) return undefined;
    this.shellInstructions ??= new Map();
    let shells = this.shellInstructions.get(stage);
    if (!shells) {
      shells = stage.instructions.filter((i) => i.getKeyword() === 'SHELL');
      this.shellInstructions.set(stage, shells);
    }
    const line = instruction.getRange().start.line;
    let shell: string[] | undefined;
    for (const candidate of shells) {
      if (candidate.getRange().start.line >= line) break;
      shell = ((candidate as JSONInstruction).getJSONStrings?.() ?? []).map((s) => s.getJSONValue());
    }
    return shell;
  }
}

/** The shared model of the document being analysed, or undefined when it is not a Dockerfile. */
export function dockerfileModel(context: RuleContext): DockerfileModel | undefined {
  const dockerfile = context.dockerfile;
  if (!dockerfile) return undefined;
  return shared(context, 'dockerfile:model', () => new DockerfileModel(dockerfile, context));
}

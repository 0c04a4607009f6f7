/** Types for the part of @nlpjs/neural we use (the package ships none). */
declare module "@nlpjs/neural" {
  export class NeuralNetwork {
    constructor(settings?: { log?: boolean; iterations?: number; errorThresh?: number; learningRate?: number });
    train(corpus: { input: Record<string, number>; output: Record<string, number> }[]): { error: number; iterations: number };
    run(input: Record<string, number>): Record<string, number> | undefined;
  }
}

/** Types for damerau-levenshtein (the package ships none). */
declare module "damerau-levenshtein" {
  export default function distance(a: string, b: string): { steps: number; relative: number; similarity: number };
}

export async function mockedLlm(): Promise<never> {
  throw new Error('not yet');
}

/** `true` when A and B are the same type (not merely assignable one way): for compile-time contract checks. */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

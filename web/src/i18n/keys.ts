import type { zhCN } from './zh-CN';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every message key of the portal, e.g. 'menu.units'. */
export type MessageKey = Leaves<typeof zhCN>;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** The English dictionary must have exactly the keys of the Chinese one. */
export type Messages = Shape<typeof zhCN>;

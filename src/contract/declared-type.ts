/** A Flow JSON data declaration, as far as checking values needs it (JSON-schema-like). */
export interface DeclaredType {
  type: string;
  properties?: Record<string, DeclaredType>;
  items?: DeclaredType;
  required?: string[];
}

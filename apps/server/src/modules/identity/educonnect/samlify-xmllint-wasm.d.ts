/** The package ships no types: samlify's schema-validator interface, as it implements it. */
declare module '@authenio/samlify-xmllint-wasm' {
  /** Resolves when the XML is valid against the SAML 2.0 schemas; rejects with xmllint's errors otherwise. */
  export function validate(xml: string): Promise<unknown>;
}

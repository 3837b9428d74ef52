/** feeds/taxii: a collection of a remote TAXII 2.1 server as a feed kind. */
export { TAXII_CONNECTOR, type TaxiiConfig } from "./connector.js";

/** The CLI's name for the error every layer throws when the user must fix something. */
export { UserError } from '../engine/user-error.js';

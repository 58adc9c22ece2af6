/** Prints the README's configuration table from the schema (paste between the Configuration and Documentation sections). */
import { renderConfigTable } from '../server/config-docs';

process.stdout.write(renderConfigTable() + '\n');
